/**
 * Documents end to end over real parts: a CSV dataset queried through the DuckDB provider and a PDF made
 * with pdf-lib, read by pdf.js, chunked, embedded (hash embeddings) and searched, in the same session; with
 * the in-process index over a memory store, and with Postgres retrieval over a PGlite store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import type { DocumentRetriever } from "../documents/document-ports.js";
import { createPostgresRetriever } from "../documents/postgres-retriever.js";
import { makePdf } from "../documents/test-pdfs.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import { createOfflineModel } from "../offline/offline-model.js";
import { createPGliteStore } from "../pglite.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { createHashEmbedder } from "../testing/hash-embedder.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { sentToolResults } from "../testing/model/model-harness.js";
import { createQuarry } from "./create-quarry.js";
import { ingestOrders } from "./document-fixtures.js";
import { collect, doneOf, modelFor } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const embedder = createHashEmbedder();

const handbook: string[][] = [
  ["Acme Retail customer handbook", "", "This handbook explains how orders, deliveries and accounts work."],
  [
    "Refund policy",
    "",
    "Refunds are accepted within 30 days of delivery when the item is unused.",
    "Refunds are paid to the original card within 5 business days.",
  ],
  ["Shipping", "", "Standard shipping takes 3 to 7 days. Express shipping costs 12 euros."],
];

interface Bench {
  name: string;
  open(): Promise<{ store: Store; retriever?: DocumentRetriever; close(): Promise<void> }>;
}

const benches: Bench[] = [
  {
    name: "the in-process index over a memory store",
    async open() {
      const store = createMemoryStore();
      return { store, close: () => store.close() };
    },
  },
  {
    name: "Postgres retrieval over a PGlite store",
    async open() {
      const store = await createPGliteStore();
      return {
        store,
        retriever: createPostgresRetriever({ db: store.pglite, embedder }),
        close: () => store.close(),
      };
    },
  },
];

let server: MockLlmServer;
let pdf: Uint8Array;
beforeAll(async () => {
  server = await createMockLlmServer();
  pdf = await makePdf(handbook);
});
afterAll(() => server.close());

describe.each(benches)("a session with a CSV and a PDF, searched by $name", ({ open }) => {
  let store: Store;
  let close: () => Promise<void>;
  let retriever: DocumentRetriever | undefined;
  const blobs = createMemoryBlobStore();
  const engine = createDuckDbEngineProvider({ blobs });
  let sessionId = "";

  beforeAll(async () => {
    ({ store, close, retriever } = await open());
    const orders = await ingestOrders(store, blobs, alice);
    sessionId = (await store.sessions.create(alice, { datasetIds: [orders.id] })).id;
  });
  afterAll(async () => {
    await engine.close();
    await close();
  });

  function quarryWith(model: Parameters<typeof createQuarry>[0]["model"]) {
    return createQuarry({
      store,
      blobs,
      principal: alice,
      engine,
      model,
      documents: { embedder, ...(retriever ? { retriever } : {}) },
    });
  }

  const textOf = (m: Message) => m.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");

  it("ingests the PDF through quarry.documents and answers the mixed question offline with both parts", async () => {
    const quarry = quarryWith(createOfflineModel());
    const added = await quarry.documents.add(sessionId, [{ fileName: "handbook.pdf", bytes: pdf }]);
    expect(added).toMatchObject({
      ready: true,
      files: [{ fileName: "handbook.pdf", status: "processed", pages: 3 }],
    });

    const events = await collect(
      quarry.chat(
        sessionId,
        "How many orders were refunded, and what does the refund policy say about the time limit?",
      ),
    );
    expect(events.some((e) => e.type === "status" && e.status === "retrieving")).toBe(true);
    const answer = doneOf(events);
    expect(answer.parts.find((p) => p.type === "table")).toMatchObject({ rows: [[8]] });
    expect(answer.parts.find((p) => p.type === "sql")).toMatchObject({
      sql: expect.stringContaining("'refunded'"),
    });
    const citations = answer.parts.find((p) => p.type === "citations");
    expect(citations?.type === "citations" && citations.citations[0]).toMatchObject({
      fileName: "handbook.pdf",
      page: 2,
      content: expect.stringContaining("within 30 days of delivery"),
    });
    expect(textOf(answer)).toContain("is 8.");
    expect(textOf(answer)).toContain(
      "“Refunds are accepted within 30 days of delivery when the item is unused.",
    );
    expect(textOf(answer)).toContain("— handbook.pdf, p. 2");
    expect(answer.metadata.ungrounded).toBeUndefined();
  });

  it("hands a model's search the PDF's passages with their pages, and cites them", async () => {
    const quarry = quarryWith(modelFor("openai", server));
    server.setScript([
      {
        toolCalls: [
          { name: "search_documents", arguments: { query: "how long does standard shipping take" } },
        ],
      },
      { text: "Standard shipping takes 3 to 7 days [handbook.pdf, p. 3]." },
    ]);
    const answer = doneOf(await collect(quarry.chat(sessionId, "How long is standard shipping?")));
    const [result] = sentToolResults(server.requests.at(-1)!);
    const passages = JSON.parse(result!.content).passages as {
      fileName: string;
      page: number;
      text: string;
    }[];
    expect(passages[0]).toMatchObject({ fileName: "handbook.pdf", page: 3 });
    expect(passages[0]?.text).toContain("Standard shipping takes 3 to 7 days");
    expect(answer.parts.find((p) => p.type === "citations")).toMatchObject({
      citations: [{ fileName: "handbook.pdf", page: 3 }],
    });
    expect(answer.metadata.ungrounded).toBeUndefined();
  });
});
