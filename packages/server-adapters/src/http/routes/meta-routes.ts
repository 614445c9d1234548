import { AuditListOptionsSchema, type Quarry, QuarryError } from "@quarry/core";
import { z } from "zod";
import type { OfferedModel } from "../handler-options.js";
import type { QuarryApp, RouteContext } from "../route-context.js";
import { parseQuery } from "./session-routes.js";

/** A model as `GET /models` lists it; exactly one is the default. */
export const OfferedModelSchema = z.strictObject({
  provider: z.string(),
  model: z.string(),
  default: z.boolean(),
});

/** The body of `GET /models`. */
export const ModelListSchema = z.strictObject({ models: z.array(OfferedModelSchema) });

/** The query of `GET /audit`; query-string numbers arrive as text. */
export const AuditQuerySchema = z.strictObject({
  sessionId: AuditListOptionsSchema.shape.sessionId,
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  cursor: AuditListOptionsSchema.shape.cursor,
});

/**
 * The models on offer: the host's list (the first one marked default, else the first, is the one default),
 * or the pipeline's own model.
 */
export function offeredModels(quarry: Quarry, models: readonly OfferedModel[] | undefined) {
  if (!models?.length) {
    return [{ provider: quarry.model.provider, model: quarry.model.modelId, default: true }];
  }
  const chosen = Math.max(
    0,
    models.findIndex((m) => m.default === true),
  );
  return models.map((m, i) => ({ provider: m.provider, model: m.model, default: i === chosen }));
}

/** What the server offers and what it did: the models, and the caller's audit log. */
export function metaRoutes(app: QuarryApp, { quarry, options }: RouteContext): void {
  app.get("/models", (c) => c.json({ models: offeredModels(quarry, options.models) }));

  app.get("/audit", async (c) => {
    const principal = c.get("principal");
    const query = parseQuery(c.req.url, AuditQuerySchema);
    // Entries are the caller's anyway; a session that is not theirs is a 404 like everywhere else.
    if (query.sessionId && !(await quarry.store.sessions.get(principal, query.sessionId))) {
      throw new QuarryError("NOT_FOUND", "No such session.");
    }
    return c.json(await quarry.store.audit.list(principal, query));
  });
}
