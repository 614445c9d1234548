import { fileURLToPath } from "node:url";
import type { AuditEntry, Session } from "@quarry/core";
import { ingestDataset } from "@quarry/core/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, principals, startTestApi, type TestApi } from "../http-test-kit.js";

const weatherCsv = fileURLToPath(
  new URL("../../../../../../shared/eval/data/seattle-weather.csv", import.meta.url),
);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

async function weatherSession(): Promise<Session> {
  const { datasets } = await ingestDataset({
    store: api.store,
    blobs: api.quarry.blobs,
    principal: principals.alice,
    source: { path: weatherCsv },
  });
  return api.store.sessions.create(principals.alice, { datasetIds: [datasets[0]!.dataset.id] });
}

async function runSql(sessionId: string, question: string, sql: string): Promise<void> {
  api.llm.setScript([{ toolCalls: [{ name: "run_sql", arguments: { sql } }] }, { text: "Done." }]);
  const response = await api.call("alice", `/sessions/${sessionId}/messages`, json({ content: question }));
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

describe("GET /models", () => {
  it("lists the pipeline's own model by default, with its id", async () => {
    const response = await api.call("alice", "/models");
    expect(await response.json()).toEqual({
      models: [{ id: "openai:gpt-test", provider: "openai", model: "gpt-test", default: true }],
    });
    expect((await api.call(null, "/models")).status).toBe(401);
  });
});

describe("GET /audit", () => {
  it("pages the caller's entries, by session too, and shows nobody else's", async () => {
    const session = await weatherSession();
    const first = "SELECT count(*) AS days FROM seattle_weather";
    const second = "SELECT max(temp_max) AS hottest FROM seattle_weather";
    await runSql(session.id, "How many days?", first);
    await runSql(session.id, "Hottest day?", second);

    const all: AuditPage = await (await api.call("alice", "/audit")).json();
    expect(all.items.slice(0, 2)).toEqual([
      expect.objectContaining({ sql: second, ok: true, rowCount: 1, sessionId: session.id, userId: "alice" }),
      expect.objectContaining({ sql: first, ok: true, question: "How many days?", model: "gpt-test" }),
    ]);

    const page1: AuditPage = await (await api.call("alice", `/audit?sessionId=${session.id}&limit=1`)).json();
    expect(page1.items.map((e) => e.sql)).toEqual([second]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2: AuditPage = await (
      await api.call(
        "alice",
        `/audit?sessionId=${session.id}&limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`,
      )
    ).json();
    expect(page2.items.map((e) => e.sql)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();

    for (const user of ["bob", "eve"] as const) {
      const theirs: AuditPage = await (await api.call(user, "/audit")).json();
      expect(theirs.items.filter((e) => e.sessionId === session.id)).toEqual([]);
      expect(theirs.items.every((e) => e.userId === user)).toBe(true);
      const foreign = await api.call(user, `/audit?sessionId=${session.id}`);
      expect(foreign.status).toBe(404);
      expect((await foreign.json()).error.code).toBe("NOT_FOUND");
    }
    expect((await api.call(null, "/audit")).status).toBe(401);
  });

  it("refuses a malformed query", async () => {
    for (const query of ["limit=0", "limit=abc", "limit=5000", "cursor=%21%21", "sessionId=a%20b", "x=1"]) {
      const response = await api.call("alice", `/audit?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code).toBe("INVALID_INPUT");
    }
  });
});
