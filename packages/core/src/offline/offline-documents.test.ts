import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import { ingestOrders, policyPages, storeDocument } from "../chat/document-fixtures.js";
import { defaultDocumentFallback } from "../chat/quarry-types.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createOfflineModel } from "./offline-model.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };

describe("the offline planner over documents", () => {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const engines = createDuckDbEngineProvider({ blobs });
  const quarry = createQuarry({
    store,
    blobs,
    principal: alice,
    engine: engines,
    model: createOfflineModel(),
  });
  let datasetId = "";
  let documentId = "";

  beforeAll(async () => {
    datasetId = (await ingestOrders(store, blobs, alice)).id;
    documentId = (await storeDocument(store, alice, "handbook.pdf", policyPages)).id;
  });
  afterAll(() => engines.close());

  async function ask(question: string, refs: { tables: boolean; documents: boolean }): Promise<Message> {
    const session = await store.sessions.create(alice, {
      datasetIds: refs.tables ? [datasetId] : [],
      documentIds: refs.documents ? [documentId] : [],
    });
    let answer: Message | undefined;
    for await (const event of quarry.chat(session.id, question))
      if (event.type === "done") answer = event.message;
    if (!answer) throw new Error("no answer");
    return answer;
  }

  const textOf = (m: Message) => m.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
  const toolNames = (m: Message) => m.parts.flatMap((p) => (p.type === "tool" ? [p.name] : []));
  const citationsOf = (m: Message) => m.parts.flatMap((p) => (p.type === "citations" ? p.citations : []));

  it("quotes the passage that answers a document question, citing its page", async () => {
    const answer = await ask("What does the refund policy say about the time limit?", {
      tables: true,
      documents: true,
    });
    expect(toolNames(answer)).not.toContain("run_sql");
    expect(toolNames(answer)).toContain("search_documents");
    expect(textOf(answer)).toBe(
      "The documents say:\n\n“Refunds are accepted within 30 days of delivery when the item is unused. Refunds are paid to the original card within 5 business days.” — handbook.pdf, p. 2",
    );
    expect(citationsOf(answer)).toEqual([expect.objectContaining({ fileName: "handbook.pdf", page: 2 })]);
    expect(answer.parts.some((p) => p.type === "sql")).toBe(false);
    expect(answer.metadata.ungrounded).toBeUndefined();
  });

  it("answers from the documents in a session without tables", async () => {
    const answer = await ask("How long does standard shipping take?", { tables: false, documents: true });
    expect(textOf(answer)).toContain("“Standard shipping takes 3 to 7 days.");
    expect(textOf(answer)).toContain("— handbook.pdf, p. 3");
    expect(citationsOf(answer)[0]).toMatchObject({ page: 3 });
  });

  it("answers a question that needs both with a table part and a citations part", async () => {
    const answer = await ask(
      "How many orders were refunded, and what does the refund policy say about the time limit?",
      { tables: true, documents: true },
    );
    expect(answer.parts.find((p) => p.type === "sql")).toMatchObject({
      sql: expect.stringContaining(`"status" = 'refunded'`),
    });
    expect(answer.parts.find((p) => p.type === "table")).toMatchObject({ rows: [[8]] });
    const text = textOf(answer);
    expect(text).toMatch(/is 8\.\n\nThe documents say:\n\n“Refunds are accepted within 30 days/);
    expect(text).toContain("— handbook.pdf, p. 2");
    expect(citationsOf(answer)).toEqual([expect.objectContaining({ page: 2 })]);
    expect(answer.metadata.ungrounded).toBeUndefined();
  });

  it("leaves table questions to the tables when the session has documents", async () => {
    const answer = await ask("How many orders were refunded?", { tables: true, documents: true });
    expect(toolNames(answer)).not.toContain("search_documents");
    expect(answer.parts.find((p) => p.type === "table")).toMatchObject({ rows: [[8]] });
    expect(answer.parts.some((p) => p.type === "citations")).toBe(false);
  });

  it("opens with the fallback when the documents hold nothing relevant", async () => {
    const answer = await ask("When does the parking garage open?", { tables: false, documents: true });
    expect(textOf(answer).startsWith(`${defaultDocumentFallback} `)).toBe(true);
  });
});
