/**
 * `@quarry/server-adapters/hono`: the Quarry HTTP API as a Hono app to mount in your own.
 * @packageDocumentation
 */
import { type Quarry, QuarryError } from "@quarry/core";
import type { Hono } from "hono";
import type { QuarryHandlerOptions } from "./http/handler-options.js";
import { createQuarryApp } from "./http/quarry-app.js";
import type { QuarryEnv } from "./http/route-context.js";

/** Options of {@link quarryRoutes}: those of `createQuarryHandler`, less `basePath` (the mount sets it). */
export type QuarryRoutesOptions = Omit<QuarryHandlerOptions, "basePath">;

/**
 * The Quarry API as a Hono app, for `app.route(prefix, …)`. Everything under the prefix belongs to Quarry:
 * its errors and its unknown paths answer `{"error": {"code", "message"}}` like the fetch handler, whatever
 * the host app's own `onError` and `notFound` do. Register your own routes under another prefix.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { quarryRoutes } from "@quarry/server-adapters/hono";
 *
 * const app = new Hono();
 * app.route("/api", quarryRoutes(quarry, { auth: (request) => verifySession(request) }));
 * ```
 */
export function quarryRoutes(quarry: Quarry, options: QuarryRoutesOptions): Hono<QuarryEnv> {
  // A basePath here would be added to the mount's prefix: the mount alone decides where the API lives.
  const { basePath: _ignored, ...rest } = options as QuarryHandlerOptions;
  const app = createQuarryApp(quarry, rest);
  // A mounted app's notFound handler is never consulted (the host's is), so the prefix ends in a route
  // that answers Quarry's 404. It comes after the auth middleware, as the fetch handler's 404 does.
  app.all("*", () => {
    throw new QuarryError("NOT_FOUND", "No such route.");
  });
  return app;
}
