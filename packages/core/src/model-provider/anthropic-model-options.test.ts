import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { createAnthropicModel } from "./anthropic-model.js";
import { collectStream } from "./collect-stream.js";
import type { ModelMessage } from "./language-model.js";

const messages: ModelMessage[] = [{ role: "user", content: "Hi" }];
let server: MockLlmServer;

beforeEach(() => {
  for (const name of ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN"])
    vi.stubEnv(name, "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe("createAnthropicModel options", () => {
  it("reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL", async () => {
    server = await createMockLlmServer({ script: { text: "from env" } });
    vi.stubEnv("ANTHROPIC_API_KEY", server.apiKey);
    vi.stubEnv("ANTHROPIC_BASE_URL", server.anthropicUrl);
    const model = createAnthropicModel({ model: "claude-test", maxRetries: 0 });
    expect(model.provider).toBe("anthropic");
    expect((await collectStream(model.doStream({ messages }))).text).toBe("from env");
  });

  it("sends max_tokens 4096 unless told otherwise", async () => {
    server = await createMockLlmServer();
    const model = createAnthropicModel({
      model: "claude-test",
      baseURL: server.anthropicUrl,
      apiKey: server.apiKey,
    });
    await collectStream(model.doStream({ messages }));
    const capped = createAnthropicModel({
      model: "claude-test",
      baseURL: server.anthropicUrl,
      apiKey: server.apiKey,
      maxOutputTokens: 1000,
    });
    await collectStream(capped.doStream({ messages }));
    await collectStream(capped.doStream({ messages, maxOutputTokens: 20 }));
    expect(server.requests.map((request) => (request.body as { max_tokens: number }).max_tokens)).toEqual([
      4096, 1000, 20,
    ]);
  });

  it("refuses to start without a key", () => {
    expect(() => createAnthropicModel({ model: "claude-test" })).toThrow(QuarryError);
    expect(() => createAnthropicModel({ model: "claude-test" })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it("sends extra headers and the API version", async () => {
    server = await createMockLlmServer();
    const model = createAnthropicModel({
      model: "claude-test",
      baseURL: server.anthropicUrl,
      apiKey: server.apiKey,
      headers: { "anthropic-beta": "quarry-test" },
    });
    await collectStream(model.doStream({ messages }));
    const headers = server.requests[0]?.headers ?? {};
    expect(headers["anthropic-beta"]).toBe("quarry-test");
    expect(headers["anthropic-version"]).toBeTruthy();
  });
});
