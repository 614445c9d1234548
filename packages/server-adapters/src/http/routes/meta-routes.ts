import { AuditListOptionsSchema, QuarryError } from "@quarry/core";
import { z } from "zod";
import type { QuarryApp, RouteContext } from "../route-context.js";
import { parseQuery } from "./session-routes.js";

/** A model as `GET /models` lists it; exactly one is the default. */
export const OfferedModelSchema = z.strictObject({
  id: z.string().describe("What a question's `model` field names it by, e.g. `openai:gpt-4.1-mini`."),
  provider: z.string(),
  model: z.string().describe("The provider's name of the model."),
  default: z.boolean().describe("Whether questions that name no model are answered by it."),
});

/** The body of `GET /models`. */
export const ModelListSchema = z.strictObject({ models: z.array(OfferedModelSchema) });

/** The query of `GET /audit`; query-string numbers arrive as text. */
export const AuditQuerySchema = z.strictObject({
  sessionId: AuditListOptionsSchema.shape.sessionId,
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  cursor: AuditListOptionsSchema.shape.cursor,
});

/** What the server offers and what it did: the models, and the caller's audit log. */
export function metaRoutes(app: QuarryApp, { quarry, offer }: RouteContext): void {
  app.get("/models", (c) => c.json({ models: offer.models }));

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
