import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { QuarryError } from "../errors/quarry-error.js";
import { anthropicRequest } from "./anthropic-request.js";
import { anthropicTranslator } from "./anthropic-stream.js";
import type { LanguageModel, ModelCallOptions, ModelStreamPart } from "./language-model.js";
import type { ModelConnectionOptions } from "./model-connection-options.js";
import { defaultModelTimeoutMs } from "./model-connection-options.js";
import {
  abortedPart,
  causeMessage,
  connectionPart,
  failurePart,
  type ModelErrorPart,
  streamFailurePart,
  timeoutPart,
} from "./model-errors.js";
import { runModelStream } from "./model-stream.js";
import { readEnv } from "./read-env.js";
import { defaultMaxRetryWaitSeconds, limitRetryWait } from "./retry-limit.js";

/** Options of {@link createAnthropicModel}; the key and URL default to `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`. */
export interface AnthropicModelOptions extends ModelConnectionOptions {
  /** The model id, e.g. `claude-sonnet-4-5`. */
  model: string;
  /** The output cap sent when a call sets none; the Messages API requires one. Default 4096. */
  maxOutputTokens?: number;
  /** A ready client (Bedrock, Vertex, a custom `fetch`); `apiKey`, `baseURL` and `headers` are then ignored. */
  client?: Anthropic;
}

/**
 * A {@link LanguageModel} over Anthropic's Messages API through the official `@anthropic-ai/sdk`,
 * streaming with tool calls.
 *
 * @throws QuarryError `INVALID_INPUT` when no API key is found.
 * @example
 * ```ts
 * import { createAnthropicModel } from "@quarry/core/anthropic";
 * const model = createAnthropicModel({ model: "claude-sonnet-4-5" }); // ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL
 * ```
 */
export function createAnthropicModel(options: AnthropicModelOptions): LanguageModel {
  const timeoutMs = options.timeoutMs ?? defaultModelTimeoutMs;
  const maxOutputTokens = options.maxOutputTokens ?? 4096;
  const client = options.client ?? newClient(options, timeoutMs);
  const secrets = [client.apiKey ?? undefined, client.authToken ?? undefined];

  return {
    provider: "anthropic",
    modelId: options.model,
    doStream(call: ModelCallOptions): AsyncIterable<ModelStreamPart> {
      return runModelStream({
        provider: "Anthropic",
        signal: call.signal,
        timeoutMs,
        start: (signal) =>
          client.messages.create(anthropicRequest(options.model, call, maxOutputTokens), {
            signal,
            ...(options.client && options.timeoutMs === undefined ? {} : { timeout: timeoutMs }),
            ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
          }),
        translator: anthropicTranslator("Anthropic"),
        classify: (error) => classifyAnthropicError(timeoutMs, error),
        secrets,
      });
    },
  };
}

function newClient(options: AnthropicModelOptions, timeoutMs: number): Anthropic {
  const apiKey = options.apiKey ?? readEnv("ANTHROPIC_API_KEY");
  if (!apiKey) {
    throw new QuarryError(
      "INVALID_INPUT",
      "No API key for the model: pass `apiKey` or set ANTHROPIC_API_KEY.",
    );
  }
  const baseURL = options.baseURL ?? readEnv("ANTHROPIC_BASE_URL");
  return new Anthropic({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    timeout: timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    fetch: limitRetryWait(options.maxRetryWaitSeconds ?? defaultMaxRetryWaitSeconds),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
}

/** Maps what `@anthropic-ai/sdk` throws (including `error` events inside a stream) to an error part. */
export function classifyAnthropicError(timeoutMs: number, error: unknown): ModelErrorPart {
  if (error instanceof APIUserAbortError) return abortedPart();
  if (error instanceof APIConnectionTimeoutError) return timeoutPart("Anthropic", timeoutMs);
  if (error instanceof APIConnectionError) return connectionPart("Anthropic", causeMessage(error));
  if (error instanceof APIError) {
    return failurePart("Anthropic", {
      ...(error.status === undefined ? {} : { status: error.status }),
      // The SDK's own message is the status plus the whole JSON body; the body's message is what to show.
      providerMessage: error.apiMessage ?? error.message,
      ...(error.type ? { providerType: error.type } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
    });
  }
  // What the body's reader throws when the connection breaks mid-stream (undici's "terminated").
  return streamFailurePart("Anthropic", error);
}
