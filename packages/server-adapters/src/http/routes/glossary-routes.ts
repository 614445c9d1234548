import { GlossaryEntrySchema } from "@quarry/core";
import { z } from "zod";
import { readJson } from "../json-body.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/** The body of `PUT /datasets/:id/glossary`: the whole glossary, a list of `{term, meaning, sql?}`. */
export const GlossaryBodySchema = z.array(GlossaryEntrySchema).max(1_000);

/**
 * A dataset's glossary: business terms and metric definitions that answers use. `PUT` replaces it whole;
 * each SQL expression must pass the guard over the dataset's table (it is later written into queries), or
 * nothing is stored.
 */
export function glossaryRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  app.get("/datasets/:id/glossary", async (c) => {
    return c.json(await quarry.glossary.get(c.req.param("id"), { principal: c.get("principal") }));
  });

  app.put("/datasets/:id/glossary", async (c) => {
    const principal = c.get("principal");
    // Another user's dataset is a 404 before the body is looked at.
    await quarry.glossary.get(c.req.param("id"), { principal });
    const body = await readJson(c.req.raw, GlossaryBodySchema, limits.bodyBytes);
    return c.json(
      await quarry.glossary.put(c.req.param("id"), body, { principal, signal: c.req.raw.signal }),
    );
  });
}
