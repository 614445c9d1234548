import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { hashEmbedding } from "../testing/hash-embedder.js";
import type { MockEmbeddingScript } from "../testing/model/embeddings-wire.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder.js";

let server: MockLlmServer;
afterEach(() => server?.close());

async function embedderFor(script?: MockEmbeddingScript, options: OpenAIEmbedderOptions = {}) {
  server = await createMockLlmServer(script === undefined ? {} : { embeddings: script });
  return createOpenAIEmbedder({ baseURL: server.url, apiKey: server.apiKey, dimensions: 64, ...options });
}

const bodies = () =>
  server.requests.map(
    (r) => r.body as { input: string[]; encoding_format?: string; dimensions?: number; model: string },
  );

async function failure(promise: Promise<unknown>): Promise<QuarryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(QuarryError.is(error), String(error)).toBe(true);
  return error as QuarryError;
}

describe("createOpenAIEmbedder", () => {
  it("embeds in batches, in order, through the SDK's base64 encoding", async () => {
    const embedder = await embedderFor(undefined, { batchSize: 96 });
    const texts = Array.from({ length: 200 }, (_, i) => `Passage number ${i} about topic ${i % 7}.`);
    const vectors = await embedder.embed(texts, { purpose: "document" });
    expect(embedder.id).toBe("openai:text-embedding-3-small:64");
    expect(bodies().map((b) => b.input.length)).toEqual([96, 96, 8]);
    expect(bodies()[0]).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 64,
      encoding_format: "base64",
    });
    expect(bodies().flatMap((b) => b.input)).toEqual(texts);
    expect(vectors).toHaveLength(200);
    for (const [i, vector] of vectors.entries()) {
      const expected = hashEmbedding(texts[i] ?? "", 64);
      // base64 carries float32s: equal to about 7 digits.
      for (const [d, x] of vector.entries()) expect(x).toBeCloseTo(expected[d] ?? Number.NaN, 6);
    }
  });

  it("asks for floats when told to, and sends nothing for no texts", async () => {
    const embedder = await embedderFor(undefined, { encodingFormat: "float", dimensions: 8 });
    expect(await embedder.embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
    expect(await embedder.embed(["exact"])).toEqual([hashEmbedding("exact", 8)]);
    expect(bodies()[0]?.encoding_format).toBe("float");
  });

  it("puts vectors back in input order by their index", async () => {
    const embedder = await embedderFor({ order: "reversed" }, { encodingFormat: "float", dimensions: 16 });
    const vectors = await embedder.embed(["first", "second", "third"]);
    expect(vectors).toEqual(["first", "second", "third"].map((t) => hashEmbedding(t, 16)));
  });

  it("keeps batches under a character budget as well as a count", async () => {
    const embedder = await embedderFor(undefined, { batchSize: 2_048, dimensions: 4 });
    // 30,000 characters (about 7,500 tokens) stay under a model's 8,192 tokens an input; 20 fill 600,000.
    await embedder.embed(Array.from({ length: 50 }, () => "word ".repeat(6_000)));
    expect(bodies().map((b) => b.input.length)).toEqual([20, 20, 10]);
  });

  it("refuses a response with a missing vector", async () => {
    const embedder = await embedderFor({ omit: 1 });
    const error = await failure(embedder.embed(["a", "b", "c"]));
    expect(error).toMatchObject({
      code: "LLM_ERROR",
      message: "The OpenAI embeddings API returned 2 vectors for 3 texts.",
    });
  });

  it("retries 429 and 5xx, honouring Retry-After", async () => {
    const embedder = await embedderFor([{ status: 429, retryAfter: 0.05 }, { status: 503 }, {}], {
      maxRetries: 2,
    });
    expect(await embedder.embed(["retry me"])).toHaveLength(1);
    expect(server.requests.map((r) => r.call)).toEqual([0, 1, 2]);
  });

  it("maps failures to typed errors once retries run out", async () => {
    let embedder = await embedderFor({ status: 429, retryAfter: 0 }, { maxRetries: 1 });
    expect(await failure(embedder.embed(["x"]))).toMatchObject({ code: "LLM_RATE_LIMITED", retryable: true });
    expect(server.requests).toHaveLength(2);
    await server.close();

    embedder = await embedderFor({ status: 500 }, { maxRetries: 0 });
    expect(await failure(embedder.embed(["x"]))).toMatchObject({ code: "LLM_UNAVAILABLE" });
    await server.close();

    // A wait longer than maxRetryWaitSeconds is not waited out.
    embedder = await embedderFor({ status: 429, retryAfter: 120 }, { maxRetries: 3, maxRetryWaitSeconds: 1 });
    expect(await failure(embedder.embed(["x"]))).toMatchObject({
      code: "LLM_RATE_LIMITED",
      retryAfterSeconds: 120,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("reports a wrong key without the key, and the API's own message for a bad request", async () => {
    server = await createMockLlmServer();
    const wrongKey = "sk-wrong-key-0123456789abcdef";
    const embedder = createOpenAIEmbedder({ baseURL: server.url, apiKey: wrongKey, maxRetries: 0 });
    const error = await failure(embedder.embed(["x"]));
    expect(error.code).toBe("LLM_ERROR");
    expect(error.message).toContain("401");
    expect(error.message).not.toContain(wrongKey);

    const ada = createOpenAIEmbedder({
      baseURL: server.url,
      apiKey: server.apiKey,
      model: "text-embedding-ada-002",
      dimensions: 8,
    });
    expect((await failure(ada.embed(["x"]))).message).toContain(
      "This model does not support specifying dimensions.",
    );
  });

  it("stops at once on abort, during a request and during a retry's wait", async () => {
    const embedder = await embedderFor({ hang: true });
    const controller = new AbortController();
    const pending = embedder.embed(["x"], { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await failure(pending)).toMatchObject({ code: "ABORTED" });
    await expect.poll(() => server.requests[0]?.cancelled).toBe(true);
    await server.close();

    const waiting = await embedderFor(
      { status: 429, retryAfter: 30 },
      { maxRetries: 2, maxRetryWaitSeconds: 60 },
    );
    const second = new AbortController();
    const started = Date.now();
    const retrying = waiting.embed(["x"], { signal: second.signal });
    await expect.poll(() => server.requests.length).toBe(1);
    second.abort();
    expect(await failure(retrying)).toMatchObject({ code: "ABORTED" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("times out a server that does not answer", async () => {
    const embedder = await embedderFor({ hang: true }, { timeoutMs: 200, maxRetries: 0 });
    expect(await failure(embedder.embed(["x"]))).toMatchObject({ code: "LLM_UNAVAILABLE" });
  });

  it("checks its options and texts", async () => {
    expect(() => createOpenAIEmbedder({ apiKey: "k", batchSize: 0 })).toThrow(/batchSize/);
    expect(() => createOpenAIEmbedder({ apiKey: "k", dimensions: -1 })).toThrow(/dimensions/);
    const embedder = await embedderFor();
    expect(await failure(embedder.embed(["ok", ""]))).toMatchObject({
      code: "INVALID_INPUT",
      message: "Text 2 to embed is empty or not a string.",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("uses a client it is given, and names models it does not know without a length", async () => {
    server = await createMockLlmServer();
    const client = new OpenAI({ baseURL: server.url, apiKey: server.apiKey });
    const embedder = createOpenAIEmbedder({ client, model: "nomic-embed-text" });
    expect(embedder.id).toBe("openai:nomic-embed-text");
    const [vector] = await embedder.embed(["hello"]);
    expect(vector).toHaveLength(1_536);
  });
});
