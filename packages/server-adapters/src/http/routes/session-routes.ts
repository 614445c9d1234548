import { QuarryError, SessionListOptionsSchema } from "@quarry/core";
import { z } from "zod";
import { readJson } from "../json-body.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/** The body of `POST /sessions`. */
export const CreateSessionBodySchema = z.strictObject({
  title: z.string().max(200).optional(),
  datasetIds: z.array(z.string().min(1).max(128)).max(1000).optional(),
  pinned: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** The body of `PATCH /sessions/:id`. */
export const PatchSessionBodySchema = z.strictObject({
  title: z.string().max(200).optional(),
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
});

/** The query of `GET /sessions`; query-string numbers arrive as text. */
export const SessionListQuerySchema = z.strictObject({
  search: z.string().max(500).optional(),
  archived: SessionListOptionsSchema.shape.archived,
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(1000).optional(),
});

/** Query parameters checked against a schema; unknown or malformed ones are `INVALID_INPUT`. */
export function parseQuery<T>(url: string, schema: z.ZodType<T>): T {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new QuarryError("INVALID_INPUT", `Invalid query: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Sessions: create, list with search and filters, get with its conversation, update, delete. */
export function sessionRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  const { store } = quarry;

  app.post("/sessions", async (c) => {
    const principal = c.get("principal");
    const body = await readJson(c.req.raw, CreateSessionBodySchema, limits.bodyBytes);
    if (body.datasetIds?.length) {
      // Attaching someone else's dataset must look exactly like attaching one that does not exist.
      const found = await store.datasets.list(principal, { ids: body.datasetIds });
      const live = new Set(found.filter((d) => d.deletedAt === null).map((d) => d.id));
      if (body.datasetIds.some((id) => !live.has(id))) throw new QuarryError("NOT_FOUND", "No such dataset.");
    }
    const session = await store.sessions.create(
      principal,
      body as Parameters<typeof store.sessions.create>[1],
    );
    return c.json(session, 201);
  });

  app.get("/sessions", async (c) => {
    const query = parseQuery(c.req.url, SessionListQuerySchema);
    return c.json(await store.sessions.list(c.get("principal"), query));
  });

  app.get("/sessions/:id", async (c) => {
    const principal = c.get("principal");
    const session = await store.sessions.get(principal, c.req.param("id"));
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    const [messages, ratings] = await Promise.all([
      quarry.thread(session.id, { principal }),
      store.feedback.list(principal, { sessionId: session.id }),
    ]);
    // The caller's own ratings, so a reopened conversation shows which answers they rated.
    const feedback = Object.fromEntries(ratings.map((f) => [f.messageId, f.rating]));
    return c.json({ ...session, messages, feedback });
  });

  app.patch("/sessions/:id", async (c) => {
    const body = await readJson(c.req.raw, PatchSessionBodySchema, limits.bodyBytes);
    return c.json(await store.sessions.update(c.get("principal"), c.req.param("id"), body));
  });

  app.delete("/sessions/:id", async (c) => {
    await store.sessions.delete(c.get("principal"), c.req.param("id"));
    return c.body(null, 204);
  });
}
