import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../http-test-kit.js";
import { failure, weatherSession } from "./quality-route-fixtures.js";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("POST/GET /datasets/:id/insights", () => {
  it("runs the analyses without a model, and gives the latest run back", async () => {
    const { datasetId } = await weatherSession(api);
    const path = `/datasets/${datasetId}/insights`;
    const none = await api.call("alice", path);
    expect([none.status, await none.text()]).toEqual([204, ""]);
    const calls = api.llm.requests.length;
    const ran = await api.call("alice", path, { method: "POST" });
    expect(ran.status).toBe(200);
    const run = await ran.json();
    expect(run).toMatchObject({ datasetId, version: 1, cards: expect.any(Array) });
    expect(run.cards.length).toBeGreaterThan(0);
    expect(run.cards[0]).toMatchObject({
      kind: expect.any(String),
      sql: { type: "sql", sql: expect.any(String) },
    });
    expect(api.llm.requests.length).toBe(calls);
    expect(await (await api.call("alice", path)).json()).toEqual(run);
  });

  it("is another user's 404, and never runs for them", async () => {
    const { datasetId } = await weatherSession(api);
    const path = `/datasets/${datasetId}/insights`;
    expect(await failure(await api.call("bob", path, { method: "POST" }))).toEqual([404, "NOT_FOUND"]);
    expect(await failure(await api.call("eve", path))).toEqual([404, "NOT_FOUND"]);
    expect((await api.call("alice", path)).status).toBe(204);
  });
});
