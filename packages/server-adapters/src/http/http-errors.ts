import { QuarryError } from "@quarry/core";

/**
 * A failure as the API answers it: the error's status and `{"error": {"code", "message"}}`, with
 * `Retry-After` when a retry makes sense later. Anything that is not a `QuarryError` is a 500 whose message
 * says nothing about the server's insides.
 */
export function errorResponse(error: unknown): Response {
  const failure = QuarryError.is(error)
    ? error
    : new QuarryError("INTERNAL", "Something went wrong on the server.", { cause: error });
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  if (failure.retryAfterSeconds !== undefined) {
    headers.set("retry-after", String(Math.max(1, Math.ceil(failure.retryAfterSeconds))));
  }
  return new Response(JSON.stringify({ error: { code: failure.code, message: failure.message } }), {
    status: failure.status,
    headers,
  });
}
