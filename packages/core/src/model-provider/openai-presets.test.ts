import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { collectStream } from "./collect-stream.js";
import type { ModelMessage } from "./language-model.js";
import { createOpenAIModel } from "./openai-model.js";
import { openaiPresets } from "./openai-presets.js";

const messages: ModelMessage[] = [{ role: "user", content: "Hi" }];
let server: MockLlmServer;

beforeEach(async () => {
  // Blank, so a key in the developer's environment never leaks into a test.
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "XAI_API_KEY", "OLLAMA_API_KEY"])
    vi.stubEnv(name, "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe("openaiPresets", () => {
  it("documents a base URL, a key variable and a token field for each provider", () => {
    expect(Object.keys(openaiPresets).sort()).toEqual([
      "deepseek",
      "gemini",
      "ollama",
      "openai",
      "vllm",
      "xai",
    ]);
    for (const preset of Object.values(openaiPresets)) {
      expect(() => new URL(preset.baseURL)).not.toThrow();
      expect(preset.apiKeyEnv).toMatch(/^[A-Z_]+_API_KEY$/);
      expect(preset.label).toBeTruthy();
    }
    expect(openaiPresets.gemini.baseURL).toContain("generativelanguage.googleapis.com");
    expect(openaiPresets.ollama.baseURL).toBe("http://localhost:11434/v1");
  });

  it("reads OPENAI_API_KEY and OPENAI_BASE_URL without a preset", async () => {
    server = await createMockLlmServer({ script: { text: "from env" } });
    vi.stubEnv("OPENAI_API_KEY", server.apiKey);
    vi.stubEnv("OPENAI_BASE_URL", server.url);
    const model = createOpenAIModel({ model: "gpt-test", maxRetries: 0 });
    expect(model.provider).toBe("openai");
    expect((await collectStream(model.doStream({ messages }))).text).toBe("from env");
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${server.apiKey}`);
  });

  it("sends max_completion_tokens to OpenAI and max_tokens to compatible servers", async () => {
    server = await createMockLlmServer();
    const openai = createOpenAIModel({ model: "gpt-test", baseURL: server.url, apiKey: server.apiKey });
    await collectStream(openai.doStream({ messages, maxOutputTokens: 50 }));
    const gemini = createOpenAIModel({
      preset: "gemini",
      model: "gemini-test",
      baseURL: server.url,
      apiKey: server.apiKey,
    });
    expect(gemini.provider).toBe("gemini");
    await collectStream(gemini.doStream({ messages, maxOutputTokens: 60 }));
    expect(server.requests.map((request) => request.body)).toMatchObject([
      { max_completion_tokens: 50 },
      { max_tokens: 60, model: "gemini-test" },
    ]);
  });

  it("reads the preset's key variable", async () => {
    server = await createMockLlmServer({ apiKey: "xai-key-from-env" });
    vi.stubEnv("XAI_API_KEY", "xai-key-from-env");
    const model = createOpenAIModel({ preset: "xai", model: "grok-test", baseURL: server.url });
    expect((await collectStream(model.doStream({ messages }))).error).toBeUndefined();
  });

  it("uses a placeholder key for local servers that need none", async () => {
    server = await createMockLlmServer({ apiKey: "ollama" });
    const model = createOpenAIModel({ preset: "ollama", model: "qwen3:8b", baseURL: server.url });
    expect((await collectStream(model.doStream({ messages }))).text).toBe("OK");
  });

  it("refuses to start without a key, naming the variable", () => {
    expect(() => createOpenAIModel({ model: "gpt-test" })).toThrow(QuarryError);
    expect(() => createOpenAIModel({ preset: "deepseek", model: "deepseek-chat" })).toThrow(
      /DEEPSEEK_API_KEY/,
    );
  });

  it("sends extra headers on every request", async () => {
    server = await createMockLlmServer();
    const model = createOpenAIModel({
      model: "gpt-test",
      baseURL: server.url,
      apiKey: server.apiKey,
      headers: { "x-gateway-route": "eu" },
    });
    await collectStream(model.doStream({ messages }));
    expect(server.requests[0]?.headers["x-gateway-route"]).toBe("eu");
  });

  it("names the provider in its errors", async () => {
    server = await createMockLlmServer({ script: { status: 404 } });
    const model = createOpenAIModel({
      preset: "xai",
      model: "grok-test",
      baseURL: server.url,
      apiKey: server.apiKey,
    });
    expect(model.provider).toBe("xai");
    expect((await collectStream(model.doStream({ messages }))).error?.message).toMatch(
      /^The xAI API answered 404/,
    );
  });

  it("takes a ready client", async () => {
    server = await createMockLlmServer();
    const { default: OpenAI } = await import("openai");
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.url, maxRetries: 0 });
    const model = createOpenAIModel({ model: "gpt-test", client });
    expect((await collectStream(model.doStream({ messages }))).text).toBe("OK");
  });
});
