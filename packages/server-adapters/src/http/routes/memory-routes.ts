import { SessionMemoryInputSchema } from "@quarry/core";
import { readJson } from "../json-body.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/**
 * A session's memory: the running summary and the preferences the user stated, which later answers follow.
 * `GET` shows it; `PUT` replaces it with the user's edits, which later turns keep.
 */
export function memoryRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  app.get("/sessions/:id/memory", async (c) => {
    return c.json(await quarry.memory.get(c.req.param("id"), { principal: c.get("principal") }));
  });

  app.put("/sessions/:id/memory", async (c) => {
    const principal = c.get("principal");
    // The session is looked up before the body is read, so another user's id is a 404 whatever is sent.
    await quarry.memory.get(c.req.param("id"), { principal });
    const body = await readJson(c.req.raw, SessionMemoryInputSchema, limits.bodyBytes);
    return c.json(await quarry.memory.put(c.req.param("id"), body, { principal }));
  });
}
