import { afterEach, describe, expect, it } from "vitest";
import { hashEmbedding } from "../hash-embedder.js";
import { createMockLlmServer, type MockLlmServer } from "./mock-llm-server.js";

let server: MockLlmServer;
afterEach(() => server?.close());

async function post(body: unknown, key?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key ?? server.apiKey}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("createMockLlmServer: POST /v1/embeddings", () => {
  it("answers OpenAI's list of embeddings with usage, as floats", async () => {
    server = await createMockLlmServer();
    const { status, json } = await post({
      model: "text-embedding-3-small",
      input: ["alpha", "beta"],
      dimensions: 8,
      encoding_format: "float",
    });
    expect(status).toBe(200);
    expect(json).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: hashEmbedding("alpha", 8) },
        { object: "embedding", index: 1, embedding: hashEmbedding("beta", 8) },
      ],
      model: "text-embedding-3-small",
      // About four characters a token: "alpha" 2, "beta" 1.
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });

  it("sends base64 of little-endian float32s, and the model's own length without dimensions", async () => {
    server = await createMockLlmServer();
    const { json } = await post({
      model: "text-embedding-3-large",
      input: "one text",
      encoding_format: "base64",
    });
    const [item] = json.data as { embedding: string }[];
    const bytes = Buffer.from(item?.embedding ?? "", "base64");
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    expect(floats).toHaveLength(3_072);
    expect(floats[5]).toBeCloseTo(hashEmbedding("one text", 3_072)[5] ?? Number.NaN, 6);
  });

  it("refuses what OpenAI refuses, with OpenAI's error body", async () => {
    server = await createMockLlmServer();
    const cases: [unknown, RegExp, string | null][] = [
      [{ input: "x" }, /you must provide a model parameter/, null],
      [{ model: "m" }, /Missing required parameter: 'input'/, "input"],
      [{ model: "m", input: "" }, /'\$\.input' is invalid/, "input"],
      [{ model: "m", input: [] }, /'\$\.input' is invalid/, "input"],
      [{ model: "m", input: ["a", 3] }, /'\$\.input' is invalid/, "input"],
      [
        { model: "m", input: "x", encoding_format: "int8" },
        /Supported values are: 'float' and 'base64'/,
        "encoding_format",
      ],
      [{ model: "text-embedding-3-small", input: "x", dimensions: 5_000 }, /from 1 to 1536/, "dimensions"],
      [
        { model: "text-embedding-ada-002", input: "x", dimensions: 8 },
        /does not support specifying dimensions/,
        "dimensions",
      ],
    ];
    for (const [body, message, param] of cases) {
      const { status, json } = await post(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error).toMatchObject({
        type: "invalid_request_error",
        param,
        message: expect.stringMatching(message),
      });
    }
    const unauthorized = await post({ model: "m", input: "x" }, "sk-wrong-0123456789");
    expect(unauthorized.status).toBe(401);
    expect(server.requests.every((r) => r.call === undefined)).toBe(true);
  });

  it("reads token arrays as input too", async () => {
    server = await createMockLlmServer();
    const { status, json } = await post({
      model: "m",
      input: [[1, 2], [3]],
      dimensions: 4,
      encoding_format: "float",
    });
    expect(status).toBe(200);
    expect((json.data as unknown[]).length).toBe(2);
  });

  it("follows its own script, counting calls apart from chat calls", async () => {
    server = await createMockLlmServer({
      embeddings: [{ status: 429, retryAfter: 1 }, { order: "reversed" }],
    });
    const chat = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(200);
    const limited = await post({ model: "m", input: "x" });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ type: "requests" });
    const reversed = await post({ model: "m", input: ["a", "b"], dimensions: 4 });
    expect((reversed.json.data as { index: number }[]).map((d) => d.index)).toEqual([1, 0]);
    const beyond = await post({ model: "m", input: "x" });
    expect(beyond.status).toBe(500);
    expect(server.requests.map((r) => [r.path, r.call])).toEqual([
      ["/v1/chat/completions", 0],
      ["/v1/embeddings", 0],
      ["/v1/embeddings", 1],
      ["/v1/embeddings", 2],
    ]);
    server.setEmbeddingScript({ omit: 1 });
    expect(
      ((await post({ model: "m", input: ["a", "b"], dimensions: 4 })).json.data as unknown[]).length,
    ).toBe(1);
    expect(server.requests.at(-1)?.call).toBe(0);
  });
});
