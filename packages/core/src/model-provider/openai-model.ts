import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { QuarryError } from "../errors/quarry-error.js";
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
import { type OpenAIPreset, type OpenAIPresetName, openaiPresets } from "./openai-presets.js";
import { type MaxTokensField, openaiRequest } from "./openai-request.js";
import { openaiTranslator } from "./openai-stream.js";
import { readEnv } from "./read-env.js";
import { defaultMaxRetryWaitSeconds, limitRetryWait } from "./retry-limit.js";

/** Options of {@link createOpenAIModel}. */
export interface OpenAIModelOptions extends ModelConnectionOptions {
  /** The model id, e.g. `gpt-4.1-mini`, `grok-4`, `gemini-2.5-flash`, `qwen3:8b`. */
  model: string;
  /**
   * A provider preset (see {@link openaiPresets}) or your own: sets the base URL, the environment variable
   * the key is read from (`apiKey`'s default), and the token-cap field. Without one: OpenAI, configured by
   * `OPENAI_API_KEY` and `OPENAI_BASE_URL`.
   */
  preset?: OpenAIPresetName | OpenAIPreset;
  /** Overrides the preset's choice of `max_completion_tokens` or `max_tokens`. */
  maxTokensField?: MaxTokensField;
  /** A ready client (Azure, a custom `fetch`, a browser with `dangerouslyAllowBrowser`); `apiKey`, `baseURL` and `headers` are then ignored. */
  client?: OpenAI;
}

/**
 * A {@link LanguageModel} over any OpenAI-compatible Chat Completions API (OpenAI, xAI, Gemini, DeepSeek,
 * Ollama, vLLM, gateways) through the official `openai` SDK, streaming with tool calls.
 *
 * @throws QuarryError `INVALID_INPUT` when no API key is found.
 * @example
 * ```ts
 * import { createOpenAIModel } from "@quarry/core/openai";
 * const model = createOpenAIModel({ model: "gpt-4.1-mini" }); // OPENAI_API_KEY, OPENAI_BASE_URL
 * ```
 */
export function createOpenAIModel(options: OpenAIModelOptions): LanguageModel {
  const preset: OpenAIPreset | undefined =
    typeof options.preset === "string" ? openaiPresets[options.preset] : options.preset;
  const provider = preset?.name ?? "openai";
  const label = preset?.label ?? "OpenAI";
  const timeoutMs = options.timeoutMs ?? defaultModelTimeoutMs;
  const maxTokensField = options.maxTokensField ?? preset?.maxTokensField ?? "max_completion_tokens";
  const client = options.client ?? newClient(options, preset, timeoutMs);
  const secrets = [client.apiKey];

  return {
    provider,
    modelId: options.model,
    doStream(call: ModelCallOptions): AsyncIterable<ModelStreamPart> {
      return runModelStream({
        provider: label,
        signal: call.signal,
        timeoutMs,
        start: (signal) =>
          client.chat.completions.create(openaiRequest(options.model, call, maxTokensField), {
            signal,
            ...(options.client && options.timeoutMs === undefined ? {} : { timeout: timeoutMs }),
            ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
          }),
        translator: openaiTranslator(label),
        classify: (error) => classifyOpenAIError(label, timeoutMs, error),
        secrets,
      });
    },
  };
}

function newClient(options: OpenAIModelOptions, preset: OpenAIPreset | undefined, timeoutMs: number): OpenAI {
  const keyEnv = preset?.apiKeyEnv ?? "OPENAI_API_KEY";
  const apiKey = options.apiKey ?? readEnv(keyEnv) ?? preset?.defaultApiKey;
  if (!apiKey) {
    throw new QuarryError("INVALID_INPUT", `No API key for the model: pass \`apiKey\` or set ${keyEnv}.`);
  }
  return new OpenAI({
    apiKey,
    baseURL: options.baseURL ?? preset?.baseURL ?? readEnv("OPENAI_BASE_URL") ?? openaiPresets.openai.baseURL,
    timeout: timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    fetch: limitRetryWait(options.maxRetryWaitSeconds ?? defaultMaxRetryWaitSeconds),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
}

/** Maps what the `openai` SDK throws to an error part. */
export function classifyOpenAIError(provider: string, timeoutMs: number, error: unknown): ModelErrorPart {
  if (error instanceof APIUserAbortError) return abortedPart();
  if (error instanceof APIConnectionTimeoutError) return timeoutPart(provider, timeoutMs);
  if (error instanceof APIConnectionError) return connectionPart(provider, causeMessage(error));
  if (error instanceof APIError || hasStatus(error)) {
    const body = (error as { error?: unknown }).error;
    const providerMessage = messageOf(body) ?? (error as Error).message;
    const providerType = (error as { type?: unknown }).type;
    return failurePart(provider, {
      ...(typeof error.status === "number" ? { status: error.status } : {}),
      providerMessage,
      ...(typeof providerType === "string" ? { providerType } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
    });
  }
  // What the body's reader throws when the connection breaks mid-stream (undici's "terminated").
  return streamFailurePart(provider, error);
}

function hasStatus(error: unknown): error is { status?: number; headers?: Headers } {
  return (
    typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number"
  );
}

function messageOf(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}
