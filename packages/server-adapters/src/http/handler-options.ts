import type { Principal } from "@quarry/core";

/** Limits of the HTTP API; every one has a default. */
export interface HttpLimits {
  /** Largest upload, in bytes (413 above). Default 100 MiB. */
  uploadBytes?: number;
  /** Largest JSON body, in bytes (413 above). Default 1 MiB. */
  bodyBytes?: number;
  /** Requests per principal per window (429 with `Retry-After` above). Default 600 per minute. */
  rateLimit?: { requests: number; windowMs: number } | false;
  /** How long a non-streaming request may take, in ms (a JSON chat answer included). Default 120,000. */
  requestTimeoutMs?: number;
  /** Seconds between SSE heartbeat comments. Default 15. */
  heartbeatSeconds?: number;
}

/**
 * One of the pipeline's models (`createQuarry`'s `model` and `models`) that the server offers: named by its
 * `id` there, or by its provider and model name.
 */
export type OfferedModel =
  | { id: string; default?: boolean }
  | { provider: string; model: string; default?: boolean };

/** Options of `createQuarryHandler`. */
export interface QuarryHandlerOptions {
  /**
   * Who is calling: a principal, or `null` for 401. Every store call is scoped by it. Read a session
   * cookie, verify a JWT, look up an API key — whatever the host app does.
   */
  auth: (request: Request) => Principal | null | Promise<Principal | null>;
  /** Where the API is mounted, e.g. `/api`; default: the root. */
  basePath?: string;
  limits?: HttpLimits;
  /** CORS: the origins allowed to call the API from a browser; default none (same origin only). */
  cors?: { origins: string[] | "*"; credentials?: boolean };
  /**
   * Which of the pipeline's models `GET /models` offers and turns may pick, in this order, and which is the
   * default (the one marked `default`, else the pipeline's default when offered, else the first). Default:
   * every model of the pipeline (`createQuarry`'s `model` and `models`), its default marked. Naming a model
   * the pipeline does not have throws when the handler is made.
   */
  models?: OfferedModel[];
}

/** Limits with every default filled in. */
export interface ResolvedLimits {
  uploadBytes: number;
  bodyBytes: number;
  rateLimit: { requests: number; windowMs: number } | false;
  requestTimeoutMs: number;
  heartbeatSeconds: number;
}

/** Fills in the limits' defaults. */
export function resolveLimits(limits: HttpLimits = {}): ResolvedLimits {
  return {
    uploadBytes: limits.uploadBytes ?? 100 * 1024 * 1024,
    bodyBytes: limits.bodyBytes ?? 1024 * 1024,
    rateLimit: limits.rateLimit === undefined ? { requests: 600, windowMs: 60_000 } : limits.rateLimit,
    requestTimeoutMs: limits.requestTimeoutMs ?? 120_000,
    heartbeatSeconds: limits.heartbeatSeconds ?? 15,
  };
}
