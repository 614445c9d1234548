import { afterEach, describe, expect, it } from "vitest";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { createAnthropicModel } from "./anthropic-model.js";
import { collectStream } from "./collect-stream.js";
import type { LanguageModel, ModelMessage } from "./language-model.js";
import { failurePart, redactSecrets, retryAfterOf } from "./model-errors.js";
import { createOpenAIModel } from "./openai-model.js";

const headers = (values: Record<string, string>) => new Headers(values);

describe("failurePart", () => {
  it("maps statuses and in-stream error types to codes", () => {
    const code = (failure: Parameters<typeof failurePart>[1]) => failurePart("Test", failure).error;
    expect(code({ status: 429, headers: headers({ "retry-after": "7" }) })).toMatchObject({
      code: "LLM_RATE_LIMITED",
      retryable: true,
      retryAfterSeconds: 7,
    });
    for (const status of [408, 409, 500, 502, 503, 529]) {
      expect(code({ status })).toMatchObject({ code: "LLM_UNAVAILABLE", retryable: true, status });
    }
    for (const status of [400, 401, 403, 404, 422]) {
      expect(code({ status, providerMessage: "why" })).toMatchObject({
        code: "LLM_ERROR",
        retryable: false,
        status,
      });
    }
    expect(code({ providerType: "overloaded_error" }).code).toBe("LLM_UNAVAILABLE");
    expect(code({ providerType: "rate_limit_error" }).code).toBe("LLM_RATE_LIMITED");
    expect(code({ providerType: "invalid_request_error", providerMessage: "bad" })).toMatchObject({
      code: "LLM_ERROR",
      message: "The Test model failed: bad",
    });
  });
});

describe("retryAfterOf", () => {
  it("reads retry-after-ms, seconds and HTTP dates", () => {
    expect(retryAfterOf(headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(0.25);
    expect(retryAfterOf(headers({ "retry-after": "0.2" }))).toBe(0.2);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterOf(headers({ "retry-after": inTenSeconds }))).toBeGreaterThan(8);
    expect(retryAfterOf(headers({}))).toBeUndefined();
    expect(retryAfterOf(headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});

describe("redactSecrets", () => {
  it("removes keys and bearer tokens, but not short placeholders", () => {
    const key = "sk-proj-abcdef123456";
    expect(redactSecrets(`bad key ${key}; again ${key}`, [key])).toBe("bad key [redacted]; again [redacted]");
    expect(redactSecrets('header "Authorization: Bearer abc.def" refused', [])).toBe(
      'header "Authorization: Bearer [redacted]" refused',
    );
    expect(redactSecrets("ollama is up", ["ollama"])).toBe("[redacted] is up");
    expect(redactSecrets("x marks", ["x"])).toBe("x marks");
  });
});

describe("the API key never appears in an error part", () => {
  let server: MockLlmServer;
  afterEach(() => server?.close());
  const messages: ModelMessage[] = [{ role: "user", content: "Hi" }];
  const adapters: [string, (server: MockLlmServer, apiKey: string) => LanguageModel][] = [
    ["openai", (s, apiKey) => createOpenAIModel({ model: "m", baseURL: s.url, apiKey, maxRetries: 0 })],
    [
      "anthropic",
      (s, apiKey) => createAnthropicModel({ model: "m", baseURL: s.anthropicUrl, apiKey, maxRetries: 0 }),
    ],
  ];

  for (const [name, make] of adapters) {
    it(`${name}: not when the provider echoes it`, async () => {
      server = await createMockLlmServer({ apiKey: "sk-echoed-secret-0123456789" });
      server.setScript({
        status: 400,
        message: `Header x-api-key sk-echoed-secret-0123456789 is not allowed here`,
      });
      const result = await collectStream(make(server, server.apiKey).doStream({ messages }));
      expect(result.error?.code).toBe("LLM_ERROR");
      expect(result.error?.message).toContain("is not allowed here");
      expect(JSON.stringify(result)).not.toContain(server.apiKey);
    });

    it(`${name}: not when the key is wrong`, async () => {
      server = await createMockLlmServer();
      const wrong = "sk-live-wrong-key-9876543210";
      const result = await collectStream(make(server, wrong).doStream({ messages }));
      expect(result.error).toMatchObject({ code: "LLM_ERROR", status: 401 });
      expect(JSON.stringify(result)).not.toContain(wrong);
    });

    it(`${name}: not when nothing listens`, async () => {
      server = await createMockLlmServer();
      await server.close();
      const key = "sk-live-unreachable-0123456789";
      const result = await collectStream(make(server, key).doStream({ messages }));
      expect(result.error).toMatchObject({ code: "LLM_UNAVAILABLE", retryable: true });
      expect(result.error?.message).toMatch(/ECONNREFUSED|reach/);
      expect(JSON.stringify(result)).not.toContain(key);
    });
  }
});
