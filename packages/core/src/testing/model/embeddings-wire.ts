import { hashEmbedding } from "../hash-embedder.js";
import { openaiError, type WireError } from "./openai-wire.js";
import type { MockErrorReply, MockHang, MockLlmRequest } from "./script.js";

/** A successful scripted embeddings reply. Every field is optional: `{}` answers as OpenAI does. */
export interface MockEmbeddingReply {
  /** `reversed` sends the `data` items last to first (their `index` still says where each belongs). */
  order?: "reversed";
  /** Leaves out this many vectors at the end, as a broken gateway might. */
  omit?: number;
  /** Milliseconds before answering. */
  delayMs?: number;
}

/** What the mock answers to one embeddings call. */
export type MockEmbeddingResponse = MockEmbeddingReply | MockErrorReply | MockHang;

/**
 * What the mock answers to embeddings calls: one response for every call, an array of per-call responses
 * (embeddings call `n`, counted apart from chat calls, gets `script[n]`), or a function of the request.
 */
export type MockEmbeddingScript =
  | MockEmbeddingResponse
  | readonly MockEmbeddingResponse[]
  | ((request: MockLlmRequest) => MockEmbeddingResponse | Promise<MockEmbeddingResponse>);

type Json = Record<string, unknown>;

/** Native dimensions of OpenAI's embedding models; other model names get 1,536 too. */
const nativeDimensions: Record<string, number> = {
  "text-embedding-3-small": 1_536,
  "text-embedding-3-large": 3_072,
  "text-embedding-ada-002": 1_536,
};
const maxInputs = 2_048;
const maxInputTokens = 8_192;
const invalidInput =
  "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

const bad = (message: string, param: string | null = null): WireError => ({
  status: 400,
  body: openaiError(400, message, param),
});

/** The texts of a request's `input`: a string, strings, or token arrays (read as their numbers). */
export function embeddingInputs(body: Json): string[] {
  const { input } = body;
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((x) => typeof x === "number")) return [input.join(" ")];
  return input.map((x) => (Array.isArray(x) ? x.join(" ") : String(x)));
}

/** Checks an embeddings body as OpenAI does, with OpenAI's messages. */
export function validateEmbeddingRequest(body: unknown): WireError | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return bad("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
  }
  const request = body as Json;
  if (typeof request.model !== "string" || !request.model) return bad("you must provide a model parameter");
  if (request.input === undefined) return bad("Missing required parameter: 'input'.", "input");
  if (!validInput(request.input)) return bad(invalidInput, "input");
  if (Array.isArray(request.input) && request.input.length > maxInputs) {
    return bad(`Too many inputs. The max number of inputs is ${maxInputs}.`, "input");
  }
  const longest = Math.max(...embeddingInputs(request).map((text) => Math.ceil(text.length / 4)));
  if (longest > maxInputTokens) {
    return bad(
      `This model's maximum context length is ${maxInputTokens} tokens, however you requested ${longest} tokens (${longest} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
    );
  }
  const format = request.encoding_format;
  if (format !== undefined && format !== "float" && format !== "base64") {
    return bad(
      `Invalid value for 'encoding_format': ${JSON.stringify(format)}. Supported values are: 'float' and 'base64'.`,
      "encoding_format",
    );
  }
  return validateDimensions(request);
}

function validInput(input: unknown): boolean {
  const text = (x: unknown) => typeof x === "string" && x !== "";
  const tokens = (x: unknown) =>
    Array.isArray(x) && x.length > 0 && x.every((t) => Number.isInteger(t) && t >= 0);
  if (text(input)) return true;
  if (!Array.isArray(input) || input.length === 0) return false;
  return input.every(text) || input.every((t) => Number.isInteger(t) && t >= 0) || input.every(tokens);
}

function validateDimensions(request: Json): WireError | undefined {
  const { dimensions, model } = request;
  if (dimensions === undefined) return undefined;
  if (model === "text-embedding-ada-002") {
    return bad("This model does not support specifying dimensions.", "dimensions");
  }
  const native = nativeDimensions[model as string] ?? 1_536;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > native) {
    return bad(
      `Invalid value for 'dimensions' = ${JSON.stringify(dimensions)}. Must be an integer from 1 to ${native}.`,
      "dimensions",
    );
  }
  return undefined;
}

/**
 * OpenAI's embeddings response: a {@link hashEmbedding} of each input (of `dimensions` or the model's native
 * length), as floats or as base64 of little-endian float32s, the way the `openai` SDK asks by default.
 */
export function embeddingResponse(body: Json, reply: MockEmbeddingReply): Json {
  const model = body.model as string;
  const dimensions = (body.dimensions as number | undefined) ?? nativeDimensions[model] ?? 1_536;
  const inputs = embeddingInputs(body);
  let data = inputs.map((text, index) => {
    const vector = hashEmbedding(text, dimensions);
    const embedding = body.encoding_format === "base64" ? toBase64(vector) : vector;
    return { object: "embedding", index, embedding };
  });
  if (reply.omit) data = data.slice(0, Math.max(0, data.length - reply.omit));
  if (reply.order === "reversed") data.reverse();
  const tokens = inputs.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  return { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function toBase64(vector: readonly number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString("base64");
}

/** The response the embeddings script gives for a request. */
export async function scriptedEmbedding(
  script: MockEmbeddingScript,
  request: MockLlmRequest,
): Promise<MockEmbeddingResponse> {
  if (typeof script === "function") return script(request);
  if (!Array.isArray(script)) return script as MockEmbeddingResponse;
  const call = request.call ?? 0;
  const response = (script as readonly MockEmbeddingResponse[])[call];
  if (response) return response;
  return {
    status: 500,
    message: `Mock LLM server: the embeddings script has ${script.length} responses, but this is call #${call + 1}.`,
    headers: { "x-should-retry": "false" },
  };
}
