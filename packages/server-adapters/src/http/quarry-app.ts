import { type Quarry, QuarryError } from "@quarry/core";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { type QuarryHandlerOptions, resolveLimits } from "./handler-options.js";
import { errorResponse } from "./http-errors.js";
import { offerModels } from "./offered-models.js";
import { createRateLimiter } from "./rate-limit.js";
import type { QuarryApp, QuarryEnv, RouteContext } from "./route-context.js";
import { datasetRoutes } from "./routes/dataset-routes.js";
import { documentRoutes } from "./routes/document-routes.js";
import { exportRoutes } from "./routes/export-routes.js";
import { glossaryRoutes } from "./routes/glossary-routes.js";
import { insightRoutes } from "./routes/insight-routes.js";
import { mcpRoutes } from "./routes/mcp-routes.js";
import { memoryRoutes } from "./routes/memory-routes.js";
import { messageRoutes } from "./routes/message-routes.js";
import { metaRoutes } from "./routes/meta-routes.js";
import { openapiRoutes } from "./routes/openapi-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";

/** Route groups that answer without a principal (health, the OpenAPI document). */
const publicRouteGroups: ((app: QuarryApp, context: RouteContext) => void)[] = [openapiRoutes];
/** Route groups behind auth. */
const routeGroups: ((app: QuarryApp, context: RouteContext) => void)[] = [
  sessionRoutes,
  messageRoutes,
  datasetRoutes,
  documentRoutes,
  memoryRoutes,
  glossaryRoutes,
  insightRoutes,
  exportRoutes,
  metaRoutes,
  mcpRoutes,
];

/**
 * The Quarry API as a Hono app (routes relative to `basePath`): what `createQuarryHandler` serves and what
 * `@quarry/server-adapters/hono` mounts.
 */
export function createQuarryApp(quarry: Quarry, options: QuarryHandlerOptions): QuarryApp {
  if (typeof options?.auth !== "function") {
    throw new QuarryError("INVALID_INPUT", "createQuarryHandler needs an `auth` function.");
  }
  const limits = resolveLimits(options.limits);
  const context: RouteContext = { quarry, limits, options, offer: offerModels(quarry, options.models) };
  const base = new Hono<QuarryEnv>();
  const app = options.basePath ? base.basePath(options.basePath) : base;
  // basePath() copies the handlers set so far, so they are set on the app that serves.
  app.onError((error) => errorResponse(error));
  app.notFound(() => errorResponse(new QuarryError("NOT_FOUND", "No such route.")));
  if (options.cors) {
    app.use(
      "*",
      cors({
        origin: options.cors.origins,
        credentials: options.cors.credentials ?? false,
        allowHeaders: ["authorization", "content-type", "accept", "mcp-protocol-version", "mcp-session-id"],
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        exposeHeaders: ["retry-after", "content-disposition"],
      }),
    );
  }
  app.get("/health", (c) => c.json({ ok: true }));
  for (const group of publicRouteGroups) group(app, context);

  const limiter = limits.rateLimit ? createRateLimiter(limits.rateLimit) : undefined;
  app.use("*", async (c, next) => {
    const principal = await options.auth(c.req.raw);
    if (!principal) throw new QuarryError("UNAUTHORIZED", "Sign in to use this API.");
    limiter?.hit(`${principal.tenantId}\u0000${principal.userId}`);
    c.set("principal", principal);
    await next();
  });
  for (const group of routeGroups) group(app, context);
  return app;
}

/**
 * The Quarry HTTP API on web standards: a function from `Request` to `Response` for any runtime or server
 * (Node via `@hono/node-server`, Deno, Bun, workers). Errors are `{"error": {"code", "message"}}` with the
 * code's status; every call is scoped by the principal `auth` returns.
 *
 * @example
 * ```ts
 * const handler = createQuarryHandler(quarry, {
 *   basePath: "/api",
 *   auth: async (request) => (await verifySession(request)) ?? null,
 * });
 * serve({ fetch: handler, port: 3000 });
 * ```
 */
export function createQuarryHandler(
  quarry: Quarry,
  options: QuarryHandlerOptions,
): (request: Request) => Promise<Response> {
  const app = createQuarryApp(quarry, options);
  return async (request) => app.fetch(request);
}
