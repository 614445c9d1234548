import { afterEach, describe, it } from "vitest";
import { createMockLlmServer, type MockLlmServer } from "./mock-llm-server.js";
import { modelFaultTests } from "./model-fault-tests.js";
import type { DefineModelTest, ModelConformanceOptions, ModelTestKit } from "./model-harness.js";
import { modelStreamTests } from "./model-stream-tests.js";

/** Settings a test gets unless it asks for others: generous timeouts, the SDKs' usual two retries. */
const defaults = { timeoutMs: 5000, maxRetries: 2 };

/**
 * The LanguageModel conformance suite: every adapter of the `LanguageModel` port must pass it, and a model
 * adapter you write yourself should too. Each test starts a mock LLM server (see `createMockLlmServer`)
 * with a script, asks `createModel` for a model pointed at it, and checks what streams back and what the
 * server was sent. Call it at the top level of a vitest test file:
 *
 * @example
 * ```ts
 * import { createOpenAIModel } from "@quarry/core/openai";
 * import { runModelConformance } from "@quarry/core/testing";
 * runModelConformance({
 *   name: "openai",
 *   createModel: ({ server, apiKey, timeoutMs, maxRetries }) =>
 *     createOpenAIModel({ model: "gpt-test", baseURL: server.url, apiKey, timeoutMs, maxRetries }),
 * });
 * ```
 *
 * It covers streamed text, single and parallel tool calls, a multi-step exchange (what the provider is
 * sent back), usage and finish reasons, malformed tool arguments, retries on 429 and 500 (but no wait
 * on a `Retry-After` over a minute), a wrong key, a
 * bad request, aborts (mid-stream, before the start, during a retry's wait), timeouts (no answer, a
 * stalled stream), a dropped connection and an error event inside the stream; and in every test, that the
 * stream ends with exactly one `finish` or `error` part.
 */
export function runModelConformance(options: ModelConformanceOptions): void {
  describe(`LanguageModel conformance: ${options.name}`, () => {
    const servers: MockLlmServer[] = [];
    const kit: ModelTestKit = {
      async setup(script, settings = {}) {
        const server = await createMockLlmServer({ script });
        servers.push(server);
        const model = options.createModel({ server, apiKey: server.apiKey, ...defaults, ...settings });
        return { server, model };
      },
    };
    const skipped = new Set(options.skip ?? []);
    const define: DefineModelTest = (name, body) => (skipped.has(name) ? it.skip : it)(name, () => body(kit));

    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });

    modelStreamTests(define);
    modelFaultTests(define);
  });
}
