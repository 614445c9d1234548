import { describe, expect, it } from "vitest";
import type { DocumentRetriever } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Principal } from "../model/principal.js";
import { sentToolResults } from "../testing/model/model-harness.js";
import type { MockWire } from "../testing/model/script.js";
import { policyPages, sentSystem, sentTools, storeDocument } from "./document-fixtures.js";
import { defaultDocumentFallback } from "./quarry-types.js";
import { collect, doneOf, modelFor, useSalesBench, useTurnTest } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };

const bench = useSalesBench();

describe.each<MockWire>(["openai", "anthropic"])("documents in a chat turn through the %s SDK", (wire) => {
  const t = useTurnTest(bench, () => modelFor(wire, bench.server));

  async function withPolicy(): Promise<string> {
    const document = await storeDocument(t.store, alice, "handbook.pdf", policyPages);
    await t.store.sessions.attach(alice, t.sessionId, { documentIds: [document.id] });
    return document.id;
  }

  it("offers search_documents only when the session has processed documents", async () => {
    bench.server.setScript({ text: "Ok." });
    await collect(t.quarry.chat(t.sessionId, "Hello?"));
    expect([...sentTools(bench.server.requests.at(-1)!).keys()]).not.toContain("search_documents");

    const failed = await storeDocument(t.store, alice, "broken.pdf", ["x"], "failed");
    await t.store.sessions.attach(alice, t.sessionId, { documentIds: [failed.id] });
    await collect(t.quarry.chat(t.sessionId, "Hello again?"));
    expect([...sentTools(bench.server.requests.at(-1)!).keys()]).not.toContain("search_documents");

    await withPolicy();
    await collect(t.quarry.chat(t.sessionId, "And now?"));
    const request = bench.server.requests.at(-1)!;
    const tools = sentTools(request);
    expect([...tools.keys()]).toEqual([
      "list_tables",
      "describe_table",
      "sample_rows",
      "run_sql",
      "search_documents",
    ]);
    expect(tools.get("search_documents")?.schema).toMatchObject({
      type: "object",
      properties: { query: { type: "string", minLength: 1, maxLength: 1000 } },
      required: ["query"],
      additionalProperties: false,
    });
    const system = sentSystem(request);
    expect(system).toContain('"handbook.pdf" (3 pages)');
    expect(system).not.toContain("broken.pdf");
    expect(system).toContain(`begin your answer with exactly this sentence: "${defaultDocumentFallback}"`);
  });

  it("sends the passages with their pages and answers with a citations part", async () => {
    const documentId = await withPolicy();
    const answer = "Refunds are accepted within 30 days of delivery [handbook.pdf, p. 2].";
    bench.server.setScript([
      { toolCalls: [{ name: "search_documents", arguments: { query: "refund time limit days" } }] },
      { text: answer },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "What is the time limit for refunds?"));
    const statuses = events.flatMap((e) => (e.type === "status" ? [e.status] : []));
    expect(statuses).toEqual(["planning", "retrieving", "answering"]);

    const [result] = sentToolResults(bench.server.requests.at(-1)!);
    const payload = JSON.parse(result!.content);
    expect(payload).toMatchObject({ query: "refund time limit days", relevant: true });
    expect(payload.passages[0]).toMatchObject({ passage: 1, fileName: "handbook.pdf", page: 2 });
    expect(payload.passages[0].text).toContain("within 30 days");
    expect(payload.fallback).toBeUndefined();

    const message = doneOf(events);
    expect(message.parts.map((p) => p.type)).toEqual(["tool", "text", "citations"]);
    expect(message.parts[1]).toEqual({ type: "text", text: answer });
    const citations = message.parts.find((p) => p.type === "citations");
    // The answer names page 2 only, so only page 2 is cited.
    expect(citations?.type === "citations" && citations.citations).toEqual([
      expect.objectContaining({ documentId, fileName: "handbook.pdf", page: 2, content: policyPages[1] }),
    ]);
    // "30" comes from the passage and "2" is the cited page: both grounded.
    expect(message.metadata.ungrounded).toBeUndefined();

    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items).toEqual([
      expect.objectContaining({
        sql: null,
        ok: true,
        question: "What is the time limit for refunds?",
        details: { tool: "search_documents", query: "refund time limit days", hits: payload.passages.length },
      }),
    ]);
  });

  it("opens the answer with the fallback when nothing relevant is found, without doubling it", async () => {
    await withPolicy();
    bench.server.setScript([
      { toolCalls: [{ name: "search_documents", arguments: { query: "parking garage opening hours" } }] },
      { text: "The handbook does not list them.", chunkSize: 3 },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "When does the parking garage open?"));
    const [result] = sentToolResults(bench.server.requests.at(-1)!);
    expect(JSON.parse(result!.content)).toMatchObject({ relevant: false, fallback: defaultDocumentFallback });
    const expected = `${defaultDocumentFallback} The handbook does not list them.`;
    const streamed = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : [])).join("");
    expect(streamed).toBe(expected);
    expect(doneOf(events).parts.find((p) => p.type === "text")).toEqual({ type: "text", text: expected });

    const own = "Sorry, no luck.";
    t.quarry = t.make({ documents: { fallback: own } });
    bench.server.setScript([
      { toolCalls: [{ name: "search_documents", arguments: { query: "parking garage" } }] },
      { text: `${own} The handbook is silent on parking.`, chunkSize: 2 },
    ]);
    const again = doneOf(await collect(t.quarry.chat(t.sessionId, "Parking?")));
    expect(again.parts.find((p) => p.type === "text")).toEqual({
      type: "text",
      text: `${own} The handbook is silent on parking.`,
    });
  });

  it("does not open with the fallback once a later search finds something", async () => {
    await withPolicy();
    bench.server.setScript([
      { toolCalls: [{ name: "search_documents", arguments: { query: "parking garage" } }] },
      { toolCalls: [{ name: "search_documents", arguments: { query: "refund days" } }] },
      { text: "Within 30 days [handbook.pdf, p. 2]." },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Refund window?")));
    expect(message.parts.find((p) => p.type === "text")).toEqual({
      type: "text",
      text: "Within 30 days [handbook.pdf, p. 2].",
    });
  });

  it("answers a question that needs both a table and a document with both", async () => {
    await withPolicy();
    const totals = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region";
    bench.server.setScript([
      {
        toolCalls: [
          { name: "run_sql", arguments: { sql: totals } },
          { name: "search_documents", arguments: { query: "refund time limit" } },
        ],
      },
      { text: "North sold 300 and South 150; refunds are accepted within 30 days [handbook.pdf, p. 2]." },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "Sales by region, and the refund time limit?"));
    const statuses = events.flatMap((e) => (e.type === "status" ? [e.status] : []));
    expect(statuses).toEqual(["planning", "querying", "retrieving", "answering", "charting"]);
    const message = doneOf(events);
    expect(message.parts.map((p) => p.type)).toEqual([
      "tool",
      "tool",
      "text",
      "sql",
      "table",
      "chart",
      "citations",
    ]);
    expect(message.parts.find((p) => p.type === "citations")).toMatchObject({ citations: [{ page: 2 }] });
    expect(message.metadata.ungrounded).toBeUndefined();
  });

  it("stops at once when aborted during retrieval", async () => {
    let started = false;
    const hanging: DocumentRetriever = {
      search: (_principal, _ids, _query, options) =>
        new Promise((_resolve, reject) => {
          started = true;
          options?.signal?.addEventListener("abort", () => reject(new QuarryError("ABORTED", "stopped")));
        }),
    };
    t.quarry = t.make({ documents: { retriever: hanging } });
    await withPolicy();
    bench.server.setScript([
      { toolCalls: [{ name: "search_documents", arguments: { query: "refunds" } }] },
      { text: "never sent" },
    ]);
    const before = bench.server.requests.length;
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    for await (const event of t.quarry.chat(t.sessionId, "Refunds?", { signal: controller.signal })) {
      events.push(event);
      if (event.type === "status" && event.status === "retrieving") setTimeout(() => controller.abort(), 20);
    }
    expect(started).toBe(true);
    const message = doneOf(events);
    expect(message.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    expect(bench.server.requests.length - before).toBe(1);
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^ABORTED/) });
  });

  it("never finds another user's documents", async () => {
    const documentId = await withPolicy();
    const bobSession = (await t.store.sessions.create(bob)).id;
    await expect(t.quarry.documents.list(t.sessionId, { principal: bob })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(t.quarry.documents.search(t.sessionId, "refunds", { principal: bob })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
    await expect(
      t.quarry.documents.remove(t.sessionId, documentId, { principal: bob }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Even with Alice's document id in his own session, Bob's turn offers no search and finds nothing.
    await t.store.sessions.attach(bob, bobSession, { documentIds: [documentId] }).catch(() => {});
    expect(await t.quarry.documents.search(bobSession, "refunds", { principal: bob })).toEqual([]);
    bench.server.setScript({ text: "Ok." });
    await collect(t.quarry.chat(bobSession, "Refunds?", { principal: bob }));
    expect([...sentTools(bench.server.requests.at(-1)!).keys()]).not.toContain("search_documents");
    expect((await t.quarry.documents.list(t.sessionId)).files.map((f) => f.documentId)).toEqual([documentId]);
  });
});
