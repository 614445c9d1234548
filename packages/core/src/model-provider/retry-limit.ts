import { retryAfterOf } from "./model-errors.js";

/** The longest `Retry-After` the adapters wait out by default, in seconds. */
export const defaultMaxRetryWaitSeconds = 60;

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps `fetch` so that an error response asking to wait longer than `limitSeconds` is not retried: the
 * SDKs honour any `Retry-After` (`openai` without a cap, and its wait ignores the abort signal), which
 * would hold a chat turn for as long as the provider says. Marking the response `x-should-retry: false`,
 * a header both SDKs obey, ends the call at once with `LLM_RATE_LIMITED` and the wait in
 * `retryAfterSeconds`, for the caller to decide.
 */
export function limitRetryWait(limitSeconds: number, inner?: Fetch): Fetch {
  return async (input, init) => {
    const response = await (inner ?? globalThis.fetch)(input, init);
    if (response.ok) return response;
    const wait = retryAfterOf(response.headers);
    if (wait === undefined || wait <= limitSeconds) return response;
    const headers = new Headers(response.headers);
    headers.set("x-should-retry", "false");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
