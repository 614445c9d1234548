import type { ErrorCode } from "../errors/quarry-error.js";
import type { ModelStreamPart } from "./language-model.js";

/** The `error` part of a model stream. */
export type ModelErrorPart = Extract<ModelStreamPart, { type: "error" }>;

/** What an adapter learnt about a failed call, before it becomes an error part. */
export interface ModelFailure {
  /** The HTTP status the provider answered with, when it answered. */
  status?: number;
  /** The provider's own explanation (its error body's message), when there is one. */
  providerMessage?: string;
  /** The provider's error type, e.g. `overloaded_error` or `rate_limit_error`, for errors sent inside a stream. */
  providerType?: string;
  /** Response headers, for `Retry-After`. */
  headers?: { get(name: string): string | null };
}

/** Makes an error part; `retryable` follows the code unless given. */
export function modelErrorPart(
  code: ErrorCode,
  message: string,
  extra: { retryable?: boolean; status?: number; retryAfterSeconds?: number } = {},
): ModelErrorPart {
  const retryable = extra.retryable ?? (code === "LLM_UNAVAILABLE" || code === "LLM_RATE_LIMITED");
  return {
    type: "error",
    error: {
      code,
      message,
      retryable,
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(extra.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: extra.retryAfterSeconds }),
    },
  };
}

/** The part for a call the caller aborted. */
export function abortedPart(): ModelErrorPart {
  return modelErrorPart("ABORTED", "The model call was aborted.", { retryable: false });
}

/** The part for a server that did not answer (or stopped streaming) in time. */
export function timeoutPart(provider: string, timeoutMs: number): ModelErrorPart {
  return modelErrorPart("LLM_UNAVAILABLE", `The ${provider} model did not answer within ${timeoutMs} ms.`);
}

/** The part for a connection that failed or broke off. */
export function connectionPart(provider: string, detail?: string): ModelErrorPart {
  const suffix = detail ? ` (${detail})` : "";
  return modelErrorPart("LLM_UNAVAILABLE", `Could not reach the ${provider} model${suffix}.`);
}

/**
 * The part for what an SDK throws while reading a started stream: the connection broke off (undici's
 * "terminated"), or an event was not JSON (a proxy's garbled or truncated body).
 */
export function streamFailurePart(provider: string, error: unknown): ModelErrorPart {
  if (error instanceof SyntaxError) {
    return modelErrorPart(
      "LLM_UNAVAILABLE",
      `The ${provider} model sent a stream event that is not valid JSON.`,
    );
  }
  const detail = causeMessage(error);
  const suffix = detail ? ` (${detail})` : "";
  return modelErrorPart(
    "LLM_UNAVAILABLE",
    `The connection to the ${provider} model broke off mid-answer${suffix}.`,
  );
}

/**
 * Maps a provider's HTTP (or in-stream) error to a typed part: rate limits become `LLM_RATE_LIMITED`,
 * timeouts, overload and 5xx `LLM_UNAVAILABLE`, everything else (bad request, wrong key, unknown model)
 * `LLM_ERROR` carrying the provider's message, which says what to fix.
 */
export function failurePart(provider: string, failure: ModelFailure): ModelErrorPart {
  const { status, providerType } = failure;
  const detail = failure.providerMessage?.trim();
  const retryAfterSeconds = failure.headers ? retryAfterOf(failure.headers) : undefined;
  const extra = {
    ...(status === undefined ? {} : { status }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
  if (status === 429 || providerType === "rate_limit_error") {
    return modelErrorPart(
      "LLM_RATE_LIMITED",
      withDetail(`The ${provider} rate limit was reached`, detail),
      extra,
    );
  }
  const overloaded = providerType !== undefined && unavailableTypes.has(providerType);
  if (overloaded || status === 408 || status === 409 || (status !== undefined && status >= 500)) {
    return modelErrorPart(
      "LLM_UNAVAILABLE",
      withDetail(`The ${provider} model is unavailable`, detail),
      extra,
    );
  }
  const label =
    status === undefined ? `The ${provider} model failed` : `The ${provider} API answered ${status}`;
  return modelErrorPart("LLM_ERROR", withDetail(label, detail), { ...extra, retryable: false });
}

/** Error types, sent inside a stream without a status, that mean "try again later". */
const unavailableTypes = new Set(["overloaded_error", "api_error", "server_error", "timeout_error"]);

function withDetail(label: string, detail: string | undefined): string {
  return detail ? `${label}: ${detail}` : `${label}.`;
}

/**
 * Seconds to wait, from `retry-after-ms` (OpenAI's and Anthropic's non-standard header) or `Retry-After`
 * (seconds or an HTTP date), as the SDKs read them.
 */
export function retryAfterOf(headers: { get(name: string): string | null }): number | undefined {
  const millis = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(millis) && millis >= 0) return millis / 1000;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Removes secrets from text that may reach users or logs. Providers echo part of a wrong key in their 401
 * message ("Incorrect API key provided: sk-ab***yz"), and an error may quote a header; the key itself must
 * never travel further than the request.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short "keys" (placeholders such as "x" for Ollama) would redact ordinary words.
    if (secret && secret.length >= 6) result = result.split(secret).join("[redacted]");
  }
  return result.replace(/(Bearer\s+)[^\s"',]+/gi, "$1[redacted]");
}

/** Applies {@link redactSecrets} to an error part's message. */
export function redactPart(part: ModelErrorPart, secrets: readonly (string | undefined)[]): ModelErrorPart {
  return { type: "error", error: { ...part.error, message: redactSecrets(part.error.message, secrets) } };
}

/** The innermost cause's message: "connect ECONNREFUSED …" or "other side closed" say more than "fetch failed". */
export function causeMessage(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : undefined;
}
