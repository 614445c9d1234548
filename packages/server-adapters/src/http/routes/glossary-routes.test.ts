import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApi, type TestApi } from "../http-test-kit.js";
import { failure, weatherSession } from "./quality-route-fixtures.js";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ model: createOfflineModel() });
});
afterAll(async () => {
  await api.close();
});

const put = (body: unknown) => json(body, { method: "PUT" });
const rainfall = { term: "rainfall", meaning: "Precipitation in mm, summed", sql: "sum(precipitation)" };

describe("GET/PUT /datasets/:id/glossary", () => {
  it("stores a glossary that answers then use", async () => {
    const { sessionId, datasetId } = await weatherSession(api);
    const path = `/datasets/${datasetId}/glossary`;
    expect(await (await api.call("alice", path)).json()).toEqual([]);
    const stored = await api.call(
      "alice",
      path,
      put([rainfall, { term: "wet day", meaning: "A day with rain" }]),
    );
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual([rainfall, { term: "wet day", meaning: "A day with rain" }]);
    expect(await (await api.call("alice", path)).json()).toHaveLength(2);

    const asked = await api.call(
      "alice",
      `/sessions/${sessionId}/messages`,
      json({ content: "Total rainfall by year" }),
    );
    const { messages } = (await asked.json()) as {
      messages: { parts: { type: string; sql?: string; rows?: unknown[][] }[] }[];
    };
    const parts = messages[1]?.parts ?? [];
    expect(parts.find((p) => p.type === "sql")?.sql).toContain("(sum(precipitation))");
    expect(parts.find((p) => p.type === "table")?.rows).toHaveLength(4);
  });

  it.each<[string, unknown]>([
    ["SQL that is not one expression", [{ ...rainfall, sql: "1; DROP TABLE seattle_weather" }]],
    ["SQL reading a file", [{ ...rainfall, sql: "(SELECT count(*) FROM read_csv('/etc/passwd'))" }]],
    ["SQL naming an unknown column", [{ ...rainfall, sql: "sum(rain_mm)" }]],
    ["a repeated term", [rainfall, { ...rainfall, term: "Rainfall" }]],
    ["an unknown field", [{ ...rainfall, owner: "x" }]],
    ["an object instead of a list", { glossary: [rainfall] }],
  ])("refuses %s with 400 and keeps the glossary", async (_name, body) => {
    const { datasetId } = await weatherSession(api);
    const path = `/datasets/${datasetId}/glossary`;
    await api.call("alice", path, put([{ term: "kept", meaning: "stays" }]));
    expect(await failure(await api.call("alice", path, put(body)))).toEqual([400, "INVALID_INPUT"]);
    expect(await (await api.call("alice", path)).json()).toEqual([{ term: "kept", meaning: "stays" }]);
  });

  it("names the term whose SQL is refused", async () => {
    const { datasetId } = await weatherSession(api);
    const response = await api.call(
      "alice",
      `/datasets/${datasetId}/glossary`,
      put([{ ...rainfall, sql: "sum(nope)" }]),
    );
    expect((await response.json()).error.message).toMatch(/^Glossary term "rainfall": /);
  });

  it("is another user's 404", async () => {
    const { datasetId } = await weatherSession(api);
    const path = `/datasets/${datasetId}/glossary`;
    expect(await failure(await api.call("bob", path))).toEqual([404, "NOT_FOUND"]);
    expect(await failure(await api.call("eve", path, put([rainfall])))).toEqual([404, "NOT_FOUND"]);
    expect(await (await api.call("alice", path)).json()).toEqual([]);
  });
});
