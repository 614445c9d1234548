import { QuarryError } from "@quarry/core";
import type { QuarryApp, RouteContext } from "../route-context.js";

/**
 * Dataset insights: `POST` runs the automatic analyses over the dataset's latest version and keeps the run;
 * `GET` returns the latest run, or 404 when none ran yet.
 */
export function insightRoutes(app: QuarryApp, { quarry }: RouteContext): void {
  app.post("/datasets/:id/insights", async (c) => {
    const run = await quarry.insights.run(c.req.param("id"), {
      principal: c.get("principal"),
      signal: c.req.raw.signal,
    });
    return c.json(run);
  });

  app.get("/datasets/:id/insights", async (c) => {
    const run = await quarry.insights.latest(c.req.param("id"), { principal: c.get("principal") });
    if (!run) throw new QuarryError("NOT_FOUND", "No insights were run on this dataset yet.");
    return c.json(run);
  });
}
