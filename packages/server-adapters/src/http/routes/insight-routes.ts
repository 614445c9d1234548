import type { QuarryApp, RouteContext } from "../route-context.js";

/**
 * Dataset insights: `POST` runs the automatic analyses over the dataset's latest version and keeps the run;
 * `GET` returns the latest run, or 204 with no body when none ran yet (a normal state, not an error: a
 * widget asks whenever a dataset panel opens). Another user's dataset is 404.
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
    return run ? c.json(run) : c.body(null, 204);
  });
}
