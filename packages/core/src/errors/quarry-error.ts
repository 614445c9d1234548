/**
 * Every error Quarry reports on purpose is a {@link QuarryError} with a stable `code` a host app can branch
 * on and the HTTP status the server adapters answer with.
 */
export const errorStatus = {
  INVALID_INPUT: 400,
  INVALID_FILE: 422,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNSAFE_SQL: 422,
  QUERY_FAILED: 422,
  QUERY_TIMEOUT: 504,
  ABORTED: 499,
  LLM_UNAVAILABLE: 503,
  LLM_RATE_LIMITED: 429,
  LLM_ERROR: 502,
  STEP_LIMIT: 500,
  STORAGE_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  INTERNAL: 500,
} as const;

/** A stable machine-readable error code. New codes may be added; existing ones never change meaning. */
export type ErrorCode = keyof typeof errorStatus;

/** All error codes, for schemas and documentation. */
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

const marker = Symbol.for("quarry.error");

/** Codes a caller may retry after a while without changing the request. */
const retryableCodes: ReadonlySet<ErrorCode> = new Set([
  "RATE_LIMITED",
  "LLM_UNAVAILABLE",
  "LLM_RATE_LIMITED",
  "QUERY_TIMEOUT",
]);

/** Options for {@link QuarryError}. */
export interface QuarryErrorOptions {
  /** The underlying error, kept for logs; never sent to clients. */
  cause?: unknown;
  /** Structured, client-safe details (e.g. which field was invalid). */
  details?: Record<string, unknown>;
  /** Overrides whether retrying the same request may succeed. */
  retryable?: boolean;
  /** Seconds after which a retry makes sense (sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

/**
 * The one error class of Quarry.
 *
 * @example
 * ```ts
 * try { await store.sessions.get(principal, id) }
 * catch (e) { if (QuarryError.is(e, "NOT_FOUND")) return notFound() }
 * ```
 */
export class QuarryError extends Error {
  /** Stable code, e.g. `NOT_FOUND`. */
  readonly code: ErrorCode;
  /** HTTP status the server adapters answer with. */
  readonly status: number;
  /** Client-safe structured details. */
  readonly details: Record<string, unknown> | undefined;
  /** Whether retrying the same request later may succeed. */
  readonly retryable: boolean;
  /** Seconds to wait before retrying, when known. */
  readonly retryAfterSeconds: number | undefined;
  readonly [marker] = true;

  constructor(code: ErrorCode, message: string, options: QuarryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "QuarryError";
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.retryable = options.retryable ?? retryableCodes.has(code);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /**
   * True when `value` is a QuarryError (also across duplicated package copies), optionally of one code.
   */
  static is(value: unknown, code?: ErrorCode): value is QuarryError {
    const isQuarry = typeof value === "object" && value !== null && marker in value;
    return isQuarry && (code === undefined || (value as QuarryError).code === code);
  }

  /** Wraps anything thrown into a QuarryError; unknown errors become `INTERNAL` without leaking their text. */
  static from(value: unknown, fallback: ErrorCode = "INTERNAL"): QuarryError {
    if (QuarryError.is(value)) return value;
    if (isAbortError(value))
      return new QuarryError("ABORTED", "The operation was aborted.", { cause: value });
    return new QuarryError(
      fallback,
      fallback === "INTERNAL" ? "An internal error occurred." : String(value),
      {
        cause: value,
      },
    );
  }

  /** The HTTP error body: `{"error": {"code", "message", "details"?}}`. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** True for the `AbortError` a fetch or an `AbortSignal` raises. */
export function isAbortError(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "name" in value &&
    ((value as { name: unknown }).name === "AbortError" ||
      (value as { name: unknown }).name === "TimeoutError")
  );
}
