import { type ErrorCode, errorStatus, isAbortError, QuarryError } from "../errors/quarry-error.js";

/** The code an error status means when the body does not say (a proxy's page, an older server). */
function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "INVALID_INPUT";
    case 401:
    case 403:
      return "UNAUTHORIZED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 422:
      return "INVALID_INPUT";
    case 429:
      return "RATE_LIMITED";
    default:
      return "INTERNAL";
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorStatus, value);
}

/**
 * The `QuarryError` a failed response stands for: the code and message of its `{"error": {code, message}}`
 * body, else a code from the status; `Retry-After` becomes `retryAfterSeconds`.
 */
export async function errorFromResponse(response: Response): Promise<QuarryError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const code = isErrorCode(error?.code) ? error.code : codeOfStatus(response.status);
  const message =
    typeof error?.message === "string" && error.message !== ""
      ? error.message
      : `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  const details =
    typeof error?.details === "object" && error.details !== null
      ? (error.details as Record<string, unknown>)
      : undefined;
  return new QuarryError(code, message, {
    ...(details ? { details } : {}),
    // A gateway's bare 502–504 is worth another try; a body's own code knows better.
    ...(isErrorCode(error?.code) || response.status < 502 || response.status > 504
      ? {}
      : { retryable: true }),
    ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
  });
}

/**
 * A failure to reach the server at all (offline, DNS, CORS): retryable, since nothing was received. An abort
 * stays an abort, so callers can tell "stopped" from "failed".
 */
export function requestError(
  cause: unknown,
  message = "Could not reach the Quarry server. Check the connection and retry.",
): QuarryError {
  if (QuarryError.is(cause)) return cause;
  if (isAbortError(cause)) return new QuarryError("ABORTED", "The request was stopped.", { cause });
  return new QuarryError("INTERNAL", message, { cause, retryable: true });
}
