/** How an adapter reaches its provider: the options every HTTP model adapter shares. */
export interface ModelConnectionOptions {
  /** The model id, e.g. `gpt-4.1-mini` or `claude-sonnet-4-5`. */
  model: string;
  /** Defaults to the provider's key variable (e.g. `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`). */
  apiKey?: string;
  /** Defaults to the provider's base-URL variable (e.g. `OPENAI_BASE_URL`), else the provider's own. */
  baseURL?: string;
  /** Extra headers on every request (e.g. an organization, a beta flag or a gateway's routing header). */
  headers?: Record<string, string>;
  /**
   * Longest wait, in ms, for each attempt's response to start (the SDK's `timeout`; a timed-out attempt is
   * retried) and for each next chunk once streaming. Default {@link defaultModelTimeoutMs}.
   */
  timeoutMs?: number;
  /**
   * Retries on 408, 409, 429, 5xx (and overload) and connection errors, with exponential backoff honouring
   * `Retry-After` (the SDK's own). Default 2.
   */
  maxRetries?: number;
  /**
   * The longest `Retry-After`, in seconds, worth waiting out before a retry; a longer one ends the call at
   * once with `LLM_RATE_LIMITED` (or `LLM_UNAVAILABLE`) and the wait in `retryAfterSeconds`. Default 60.
   */
  maxRetryWaitSeconds?: number;
}

/** The default of {@link ModelConnectionOptions.timeoutMs}. */
export const defaultModelTimeoutMs = 60_000;
