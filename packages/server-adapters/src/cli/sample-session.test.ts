import { createQuarry, type Quarry } from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleSessionTitle, seedSampleSession } from "./sample-session.js";

const alice = { userId: "alice", tenantId: "t1" };
const bob = { userId: "bob", tenantId: "t1" };
let quarry: Quarry;

beforeAll(() => {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  quarry = createQuarry({
    store,
    blobs,
    model: createOfflineModel(),
    engine: createDuckDbEngineProvider({ blobs }),
  });
});
afterAll(() => quarry.close());

async function answer(sessionId: string, question: string) {
  for await (const event of quarry.chat(sessionId, question, { principal: alice })) {
    if (event.type === "done") return event.message;
  }
  throw new Error("no answer");
}

describe("seedSampleSession", () => {
  it("gives a new user a session with the sample table and a ready document, once", async () => {
    const session = await seedSampleSession(quarry, alice);
    expect(session).toMatchObject({ title: sampleSessionTitle });
    expect(session?.datasetIds).toHaveLength(1);
    expect(session?.documentIds).toHaveLength(1);
    const documents = await quarry.documents.list(session!.id, { principal: alice });
    expect(documents).toMatchObject({ ready: true, files: [{ status: "processed", pages: 3 }] });

    // A second start adds nothing; another user's first start gets their own.
    expect(await seedSampleSession(quarry, alice)).toBeNull();
    const theirs = await seedSampleSession(quarry, bob);
    expect(theirs?.id).not.toBe(session?.id);

    const table = await answer(session!.id, "Total precipitation by year");
    const rows = table.parts.find((p) => p.type === "table");
    expect(rows?.type === "table" && rows.rows).toHaveLength(4);

    const cited = await answer(
      session!.id,
      "Which labels can the weather column take, according to the notes?",
    );
    const citations = cited.parts.find((p) => p.type === "citations");
    const pages = citations?.type === "citations" ? citations.citations.map((c) => [c.fileName, c.page]) : [];
    expect(pages).toContainEqual(["seattle-weather-notes.pdf", 3]);
    const text = cited.parts.find((p) => p.type === "text");
    expect(text?.type === "text" && text.text).toMatch(/rain, sun, fog, drizzle and\s+snow/);
  });
});
