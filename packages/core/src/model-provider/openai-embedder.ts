import OpenAI from "openai";
import type { Embedder, EmbedOptions } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import { aborted, untilAborted } from "../errors/until-aborted.js";
import { defaultModelTimeoutMs, type ModelConnectionOptions } from "./model-connection-options.js";
import { redactPart } from "./model-errors.js";
import { embeddingBatches, vectorsOf } from "./openai-embedder-batches.js";
import { classifyOpenAIError } from "./openai-model.js";
import { openaiPresets } from "./openai-presets.js";
import { readEnv } from "./read-env.js";
import { defaultMaxRetryWaitSeconds, limitRetryWait } from "./retry-limit.js";

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions extends Omit<ModelConnectionOptions, "model"> {
  /** The embedding model; default {@link defaultEmbeddingModel}. */
  model?: string;
  /** Shorter vectors from models that allow it (`text-embedding-3-*`); default: the model's own length. */
  dimensions?: number;
  /** Texts per request, 1 to 2,048; default {@link defaultEmbeddingBatchSize}. */
  batchSize?: number;
  /**
   * How vectors travel: `base64` (the SDK's default, a quarter of the size) or `float`, for
   * OpenAI-compatible servers that only send JSON numbers.
   */
  encodingFormat?: "base64" | "float";
  /** A ready client (Azure, a custom `fetch`, a browser with `dangerouslyAllowBrowser`); `apiKey`, `baseURL` and `headers` are then ignored. */
  client?: OpenAI;
}

/** The default of {@link OpenAIEmbedderOptions.model}. */
export const defaultEmbeddingModel = "text-embedding-3-small";
/** The default of {@link OpenAIEmbedderOptions.batchSize}. */
export const defaultEmbeddingBatchSize = 96;

/** OpenAI allows 2,048 inputs and about 300,000 tokens a request; at ~4 characters a token this stays well under. */
const maxBatchInputs = 2_048;
const maxBatchCharacters = 600_000;
const nativeDimensions: Record<string, number> = {
  "text-embedding-3-small": 1_536,
  "text-embedding-3-large": 3_072,
  "text-embedding-ada-002": 1_536,
};
const label = "OpenAI embeddings";

/**
 * An {@link Embedder} over OpenAI's Embeddings API (or any OpenAI-compatible one: Ollama, vLLM, Gemini's
 * OpenAI endpoint, gateways) through the official `openai` SDK. Texts go in batches, one request after
 * another; 408, 409, 429 and 5xx answers and lost connections are retried by the SDK (honouring
 * `Retry-After`, up to `maxRetryWaitSeconds`); vectors come back in input order (sorted by their `index`)
 * and are checked: one per text, all of one length. The `purpose` of a call changes nothing: OpenAI's
 * models embed queries and passages alike.
 *
 * @throws QuarryError `INVALID_INPUT` when no API key is found or an option is out of range.
 * @example
 * ```ts
 * import { createOpenAIEmbedder } from "@quarry/core/openai";
 * const embedder = createOpenAIEmbedder({ dimensions: 512 }); // OPENAI_API_KEY, OPENAI_BASE_URL
 * const [vector] = await embedder.embed(["What was revenue in Q3?"], { purpose: "query" });
 * ```
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions = {}): Embedder {
  const model = options.model ?? defaultEmbeddingModel;
  const batchSize = options.batchSize ?? defaultEmbeddingBatchSize;
  const { dimensions } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxBatchInputs) {
    throw new QuarryError("INVALID_INPUT", `batchSize must be a whole number from 1 to ${maxBatchInputs}.`);
  }
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8_192)) {
    throw new QuarryError("INVALID_INPUT", "dimensions must be a whole number from 1 to 8,192.");
  }
  const timeoutMs = options.timeoutMs ?? defaultModelTimeoutMs;
  const client = options.client ?? newClient(options, timeoutMs);
  const secrets = [client.apiKey];
  const length = dimensions ?? nativeDimensions[model];

  /** One request; an abort ends it at once, even while the SDK waits out a retry's backoff. */
  async function request(batch: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    if (signal?.aborted) throw abortedError();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const sent = client.embeddings.create(
        {
          model,
          input: [...batch],
          ...(dimensions === undefined ? {} : { dimensions }),
          ...(options.encodingFormat === "float" ? { encoding_format: "float" as const } : {}),
        },
        {
          signal: controller.signal,
          ...(options.client && options.timeoutMs === undefined ? {} : { timeout: timeoutMs }),
          ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        },
      );
      const response = await untilAborted(sent, signal);
      if (response === aborted) throw abortedError();
      return vectorsOf(response, batch.length, dimensions);
    } catch (error) {
      if (signal?.aborted) throw abortedError(error);
      if (QuarryError.is(error)) throw error;
      const part = redactPart(classifyOpenAIError(label, timeoutMs, error), secrets).error;
      throw new QuarryError(part.code, part.message, {
        cause: error,
        retryable: part.retryable,
        ...(part.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: part.retryAfterSeconds }),
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
      // Cancels the request when the caller gave up or the SDK left it open.
      controller.abort();
    }
  }

  return {
    id: `openai:${model}${length === undefined ? "" : `:${length}`}`,
    async embed(texts: readonly string[], embedOptions: EmbedOptions = {}): Promise<number[][]> {
      checkTexts(texts);
      const vectors: number[][] = [];
      for (const batch of embeddingBatches(texts, batchSize, maxBatchCharacters)) {
        vectors.push(...(await request(batch, embedOptions.signal)));
      }
      return vectors;
    },
  };
}

function newClient(options: OpenAIEmbedderOptions, timeoutMs: number): OpenAI {
  const apiKey = options.apiKey ?? readEnv("OPENAI_API_KEY");
  if (!apiKey) {
    throw new QuarryError(
      "INVALID_INPUT",
      "No API key for the embeddings: pass `apiKey` or set OPENAI_API_KEY.",
    );
  }
  return new OpenAI({
    apiKey,
    baseURL: options.baseURL ?? readEnv("OPENAI_BASE_URL") ?? openaiPresets.openai.baseURL,
    timeout: timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    fetch: limitRetryWait(options.maxRetryWaitSeconds ?? defaultMaxRetryWaitSeconds),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
}

function checkTexts(texts: readonly string[]): void {
  if (!Array.isArray(texts)) throw new QuarryError("INVALID_INPUT", "texts must be an array of strings.");
  const bad = texts.findIndex((text) => typeof text !== "string" || text === "");
  if (bad >= 0) {
    // OpenAI refuses an empty input with a 400 that names no text: say which one.
    throw new QuarryError("INVALID_INPUT", `Text ${bad + 1} to embed is empty or not a string.`);
  }
}

function abortedError(cause?: unknown): QuarryError {
  return new QuarryError("ABORTED", "The embedding was aborted.", { cause });
}
