import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  anthropicAuthError,
  anthropicError,
  anthropicMessage,
  anthropicStream,
  anthropicStreamError,
  validateAnthropicRequest,
} from "./anthropic-wire.js";
import {
  embeddingResponse,
  type MockEmbeddingReply,
  type MockEmbeddingScript,
  scriptedEmbedding,
  validateEmbeddingRequest,
} from "./embeddings-wire.js";
import {
  openaiAuthError,
  openaiCompletion,
  openaiError,
  openaiStream,
  openaiStreamError,
  validateOpenAIRequest,
  type WireError,
} from "./openai-wire.js";
import {
  isErrorReply,
  isHang,
  type MockLlmRequest,
  type MockReply,
  type MockResponse,
  type MockScript,
  type MockWire,
  scriptedResponse,
} from "./script.js";
import { sendEvents, sendJson } from "./sse.js";

/** The key the mock accepts unless told otherwise. */
export const mockApiKey = "quarry-mock-key-0123456789";

/** Options of {@link createMockLlmServer}. */
export interface MockLlmServerOptions {
  /** What the model answers; default: the text "OK" to every call. */
  script?: MockScript;
  /** The API key requests must carry (`Authorization: Bearer …` or `x-api-key`). Default {@link mockApiKey}. */
  apiKey?: string;
  /** What `POST /v1/embeddings` answers; default: a hash embedding of every input, as OpenAI would send it. */
  embeddings?: MockEmbeddingScript;
}

/** A running mock LLM server. */
export interface MockLlmServer {
  /** OpenAI's base URL, ending in `/v1` (pass as `baseURL` to the `openai` SDK). */
  readonly url: string;
  /** Anthropic's base URL (pass as `baseURL` to `@anthropic-ai/sdk`, which adds `/v1/messages`). */
  readonly anthropicUrl: string;
  /** The key it accepts. */
  readonly apiKey: string;
  /** Every request received, in order, including those it refused. */
  readonly requests: readonly MockLlmRequest[];
  /** Replaces the script; call numbering starts again at 0. */
  setScript(script: MockScript): void;
  /** Replaces the embeddings script; embeddings call numbering starts again at 0. */
  setEmbeddingScript(script: MockEmbeddingScript): void;
  /** Stops the server and cuts every open connection, hanging ones included. */
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's Chat Completions (`POST /v1/chat/completions`),
 * OpenAI's Embeddings (`POST /v1/embeddings`, vectors from `hashEmbedding`, as floats or base64) and
 * Anthropic's Messages API (`POST /v1/messages`), streaming and not, byte for byte as the providers do:
 * test a model adapter through its real SDK client. It checks keys and request bodies as the real APIs do
 * and answers mistakes with the provider's error body, so an adapter bug shows up as a 400 here.
 *
 * @example
 * ```ts
 * const server = await createMockLlmServer({
 *   script: [{ status: 429, retryAfter: 0.2 }, { text: "Hello", toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT 1" } }] }],
 * });
 * const model = createOpenAIModel({ model: "gpt-test", baseURL: server.url, apiKey: server.apiKey });
 * // … server.requests[1].body.messages …
 * await server.close();
 * ```
 */
export async function createMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const apiKey = options.apiKey ?? mockApiKey;
  let script: MockScript = options.script ?? { text: "OK" };
  let calls = 0;
  let embeddingScript: MockEmbeddingScript = options.embeddings ?? {};
  let embeddingCalls = 0;
  const requests: MockLlmRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A script that throws is a bug in the test: say so, and tell the SDKs not to retry.
      if (response.headersSent) return void response.destroy();
      const message = `Mock LLM server: the script failed: ${String(error)}`;
      const body = request.url?.startsWith("/v1/messages")
        ? anthropicError(500, message)
        : openaiError(500, message);
      sendJson(response, 500, body, { "x-should-retry": "false" });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const wire: MockWire = path === "/v1/messages" ? "anthropic" : "openai";
    const text = await readBody(request);
    const record: MockLlmRequest = {
      wire,
      method: request.method ?? "GET",
      path,
      headers: headersOf(request),
      body: parseJson(text),
      call: undefined,
      cancelled: false,
    };
    requests.push(record);
    response.on("close", () => {
      if (!response.writableFinished) record.cancelled = true;
    });
    const refuse = (error: WireError) => sendJson(response, error.status, error.body);

    const known = path === "/v1/messages" || path === "/v1/chat/completions" || path === "/v1/embeddings";
    if (request.method !== "POST" || !known) {
      const message = `Unknown request URL: ${request.method} ${path}.`;
      return refuse({
        status: 404,
        body: wire === "anthropic" ? anthropicError(404, message) : openaiError(404, message),
      });
    }
    const key = keyOf(record.headers);
    if (key !== apiKey) return refuse(wire === "anthropic" ? anthropicAuthError(key) : openaiAuthError(key));
    if (path === "/v1/embeddings") {
      const invalid = validateEmbeddingRequest(record.body);
      if (invalid) return refuse(invalid);
      record.call = embeddingCalls++;
      return answer(response, record, await scriptedEmbedding(embeddingScript, record));
    }
    const invalid =
      wire === "anthropic"
        ? validateAnthropicRequest(record.body, record.headers)
        : validateOpenAIRequest(record.body);
    if (invalid) return refuse(invalid);

    record.call = calls++;
    const scripted = await scriptedResponse(script, record);
    await answer(response, record, scripted);
  }

  async function answer(
    response: ServerResponse,
    record: MockLlmRequest,
    scripted: MockResponse | MockEmbeddingReply,
  ): Promise<void> {
    const { wire } = record;
    if (isHang(scripted)) return; // the socket stays open until the client gives up or close() cuts it
    if (isErrorReply(scripted)) {
      const body =
        scripted.body ??
        (wire === "anthropic" ? anthropicError : openaiError)(scripted.status, scripted.message);
      const retry: Record<string, string> =
        scripted.retryAfter === undefined ? {} : { "retry-after": String(scripted.retryAfter) };
      return sendJson(response, scripted.status, body, { ...retry, ...scripted.headers });
    }
    const body = record.body as Record<string, unknown>;
    if (record.path === "/v1/embeddings") {
      const reply = scripted as MockEmbeddingReply;
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      return sendJson(response, 200, embeddingResponse(body, reply), {
        "x-request-id": `req_mock${record.call}`,
      });
    }
    const reply = scripted as MockReply;
    const call = record.call ?? 0;
    const requestId: Record<string, string> = {
      [wire === "anthropic" ? "request-id" : "x-request-id"]: `req_mock${call}`,
    };
    if (body.stream !== true) {
      const message =
        wire === "anthropic" ? anthropicMessage(reply, body, call) : openaiCompletion(reply, body, call);
      return sendJson(response, 200, message, requestId);
    }
    const events =
      wire === "anthropic" ? anthropicStream(reply, body, call) : openaiStream(reply, body, call);
    const streamError = wire === "anthropic" ? anthropicStreamError() : openaiStreamError();
    await sendEvents(response, events, {
      headers: requestId,
      ...(reply.delayMs === undefined ? {} : { delayMs: reply.delayMs }),
      ...(reply.dropAfterChunks === undefined ? {} : { dropAfter: reply.dropAfterChunks }),
      ...(reply.streamErrorAfterChunks === undefined
        ? {}
        : { errorAfter: { count: reply.streamErrorAfterChunks, event: streamError } }),
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    anthropicUrl: origin,
    apiKey,
    requests,
    setScript(next) {
      script = next;
      calls = 0;
    },
    setEmbeddingScript(next) {
      embeddingScript = next;
      embeddingCalls = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** The key from `Authorization: Bearer …` (OpenAI, and this Anthropic SDK) or `x-api-key` (Anthropic's documented header). */
function keyOf(headers: Record<string, string>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1]?.trim();
  return bearer || headers["x-api-key"] || undefined;
}
