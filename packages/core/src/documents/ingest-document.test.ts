import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { BlobStore } from "../blob/blob-store.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { Document } from "../model/document.js";
import { createPGliteStore } from "../pglite.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createPostgresStore } from "../store/postgres/postgres-store.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "../store/postgres/test-databases.js";
import type { Store } from "../store/store.js";
import { createHashEmbedder, hashEmbedding } from "../testing/hash-embedder.js";
import type { DocumentFile, Embedder } from "./document-ports.js";
import { type IngestDocumentOptions, ingestDocument } from "./ingest-document.js";
import { makeCorruptPdf, makeEncryptedPdf, makeImageOnlyPdf, makePdf } from "./test-pdfs.js";

const alice = { userId: "alice", tenantId: "acme" };
const bob = { userId: "bob", tenantId: "acme" };
const text = (fileName: string, content: string): DocumentFile => ({
  fileName,
  bytes: new TextEncoder().encode(content),
});

let store: Store;
let blobs: BlobStore;
beforeEach(() => {
  store = createMemoryStore();
  blobs = createMemoryBlobStore();
});

function ingest(file: DocumentFile, options: Partial<IngestDocumentOptions> = {}): Promise<Document> {
  return ingestDocument({ store, blobs, principal: alice, file, ...options });
}

async function storedBytes(key: string | null): Promise<Uint8Array | null> {
  const blob = key ? await blobs.get(key) : null;
  return blob ? new Uint8Array(await new Response(blob.body).arrayBuffer()) : null;
}

/** A failed document, its reason, and that it has no chunks. */
async function expectFailed(document: Document, reason: string | RegExp): Promise<void> {
  expect(document).toMatchObject({ status: "failed", chunkCount: 0 });
  expect(document.error).toMatch(reason);
  expect(await store.chunks.list(alice, [document.id])).toEqual([]);
  expect(await store.documents.get(alice, document.id)).toEqual(document);
}

describe("ingestDocument: good files", () => {
  it("stores a multi-page PDF with its facts on the right pages, embedded, and keeps the file", async () => {
    const bytes = await makePdf([
      ["Annual report 2024", "", "Revenue reached 4.2 million euros."],
      ["Headcount grew to 57 people in Lisbon."],
      ["The auditor was Smith & Partners."],
    ]);
    const document = await ingest(
      { fileName: "annual.pdf", bytes },
      { embedder: createHashEmbedder({ dimensions: 32 }) },
    );
    expect(document).toMatchObject({
      status: "processed",
      error: null,
      fileName: "annual.pdf",
      mediaType: "application/pdf",
      sizeBytes: bytes.length,
      pageCount: 3,
      chunkCount: 3,
      metadata: { format: "pdf", embedder: "hash:32", chunking: { size: 1_200, overlap: 200 } },
    });
    const chunks = await store.chunks.list(alice, [document.id]);
    const pageOf = (fact: string) => chunks.find((c) => c.text.includes(fact))?.page;
    expect(pageOf("4.2 million")).toBe(1);
    expect(pageOf("57 people")).toBe(2);
    expect(pageOf("Smith & Partners")).toBe(3);
    expect(chunks[1]?.embedding).toEqual(hashEmbedding(chunks[1]?.text ?? "", 32));
    expect(document.blobKey).toBe(`tenants/acme/users/alice/documents/${document.id}/original`);
    expect(await storedBytes(document.blobKey)).toEqual(bytes);
    expect((await blobs.head(document.blobKey ?? ""))?.contentType).toBe("application/pdf");
  });

  it("stores text and Markdown without pages, chunked as asked, lexical-only without an embedder", async () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} talks about topic ${i}.`).join(
      "\n\n",
    );
    const txt = await ingest(text("notes.txt", paragraphs), { chunking: { size: 200, overlap: 0 } });
    expect(txt).toMatchObject({ status: "processed", mediaType: "text/plain", pageCount: null });
    const chunks = await store.chunks.list(alice, [txt.id]);
    expect(txt.chunkCount).toBe(chunks.length);
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.every((c) => c.page === null && c.embedding === null && c.text.length <= 200)).toBe(true);
    expect(txt.metadata.embedder).toBeUndefined();

    const md = await ingest(text("guide.md", "# Setup\n\nRun `quarry serve`.\n\n- one\n- two"));
    expect(md).toMatchObject({
      status: "processed",
      mediaType: "text/markdown",
      metadata: { format: "markdown" },
    });
    expect((await store.chunks.list(alice, [md.id]))[0]?.text).toBe(
      "# Setup\n\nRun `quarry serve`.\n\n- one\n- two",
    );
  });

  it("reads a 500-page PDF with every page number right", async () => {
    const bytes = await makePdf(
      Array.from({ length: 500 }, (_, i) => [`Fact ${i + 1}: the value on this page is ${(i + 1) * 7}.`]),
    );
    const started = performance.now();
    const document = await ingest({ fileName: "huge.pdf", bytes });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(document).toMatchObject({ status: "processed", pageCount: 500, chunkCount: 500 });
    const chunks = await store.chunks.list(alice, [document.id]);
    for (const chunk of chunks)
      expect(chunk.text).toBe(`Fact ${chunk.page}: the value on this page is ${(chunk.page ?? 0) * 7}.`);
  }, 30_000);

  it("reads what the file is, not what its name says, both ways", async () => {
    const pdfAsTxt = await ingest({
      fileName: "notes.txt",
      bytes: await makePdf([["Hidden PDF."]]),
      mediaType: "text/plain",
    });
    expect(pdfAsTxt).toMatchObject({ status: "processed", mediaType: "application/pdf", pageCount: 1 });
    const txtAsPdf = await ingest({ ...text("scan.pdf", "Plain words."), mediaType: "application/pdf" });
    expect(txtAsPdf).toMatchObject({ status: "processed", mediaType: "text/plain", pageCount: null });
    expect((await store.chunks.list(alice, [txtAsPdf.id]))[0]?.text).toBe("Plain words.");
  });
});

describe("ingestDocument: bad files end failed with a reason", () => {
  it.each([
    ["a damaged PDF", () => makeCorruptPdf(), /^the PDF is damaged or not a PDF: /],
    ["an encrypted PDF", () => makeEncryptedPdf(), /^the PDF is password-protected$/],
    [
      "a scanned PDF",
      () => makeImageOnlyPdf(2),
      /^the PDF has no text layer \(a scanned image\?\); run OCR first$/,
    ],
    ["an empty text file", () => new Uint8Array(), /^the file is empty$/],
    ["a blank text file", () => new TextEncoder().encode("\n \n"), /^the file is empty$/],
    ["binary", () => new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 8, 0]), /^not a PDF or text file$/],
  ])("%s", async (_, make, reason) => {
    const bytes = await make();
    const document = await ingest({ fileName: "upload.pdf", bytes });
    await expectFailed(document, reason);
    // The original is kept, for the host to inspect or for a retry.
    expect(await storedBytes(document.blobKey)).toEqual(bytes);
  });

  it("a PDF over maxPages", async () => {
    const document = await ingest(
      { fileName: "long.pdf", bytes: await makePdf([["a"], ["b"], ["c"]]) },
      { maxPages: 2 },
    );
    await expectFailed(document, "the PDF has 3 pages, more than the limit of 2");
  });

  it("a file over maxBytes, without storing it", async () => {
    const document = await ingest(text("big.txt", "x".repeat(2_000)), { maxBytes: 1_536 });
    await expectFailed(document, "the file is larger than 1.5 KiB");
    expect(document.blobKey).toBeNull();
    expect(await blobs.list("tenants/")).toEqual([]);
  });

  it("a failed embedding, and an embedder that returns the wrong vectors", async () => {
    const broken: Embedder = {
      id: "broken",
      embed: () => Promise.reject(new QuarryError("LLM_RATE_LIMITED", "The OpenAI rate limit was reached.")),
    };
    const first = await ingest(text("a.txt", "Some text."), { embedder: broken });
    await expectFailed(first, "embedding failed: The OpenAI rate limit was reached.");
    const short: Embedder = { id: "short", embed: async () => [] };
    await expectFailed(
      await ingest(text("b.txt", "Some text."), { embedder: short }),
      "embedding failed: the embedder returned 0 vectors for 1 chunks",
    );
    const nan: Embedder = { id: "nan", embed: async (texts) => texts.map(() => [Number.NaN]) };
    await expectFailed(
      await ingest(text("c.txt", "Some text."), { embedder: nan }),
      /malformed vector for chunk 1/,
    );
  });

  it("leaves the other documents usable", async () => {
    await ingest({ fileName: "bad.pdf", bytes: makeCorruptPdf() });
    const good = await ingest(text("good.txt", "Still works."));
    expect(good.status).toBe("processed");
    // By name: the list is in creation order, and two documents made in the same millisecond tie.
    const statuses = Object.fromEntries(
      (await store.documents.list(alice)).map((d) => [d.fileName, d.status]),
    );
    expect(statuses).toEqual({ "bad.pdf": "failed", "good.txt": "processed" });
  });
});

describe("ingestDocument: errors it throws", () => {
  /** The test's store with one method failing, as a broken database would. */
  function failingAt<R extends "chunks" | "documents">(
    repository: R,
    method: string,
    message: string,
  ): Store {
    const broken = {
      ...store[repository],
      [method]: () => Promise.reject(new QuarryError("STORAGE_ERROR", message)),
    };
    return { ...store, [repository]: broken };
  }

  it("refuses bad arguments before storing anything", async () => {
    const good = text("a.txt", "x");
    const cases: Partial<IngestDocumentOptions>[] = [
      { principal: { userId: "", tenantId: "acme" } },
      { file: { fileName: "", bytes: new Uint8Array([1]) } },
      { file: { fileName: "a.txt", bytes: "x" as unknown as Uint8Array } },
      { chunking: { size: 10 } },
      { maxBytes: 0 },
      { maxPages: -1 },
    ];
    for (const options of cases) {
      await expect(ingest(good, options)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    expect(await store.documents.list(alice)).toEqual([]);
    expect(await blobs.list("")).toEqual([]);
  });

  it("stops on abort, leaving nothing stored", async () => {
    const controller = new AbortController();
    const slow: Embedder = {
      id: "slow",
      embed: (_texts, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener("abort", () => reject(new QuarryError("ABORTED", "aborted")));
          controller.abort();
        }),
    };
    await expect(
      ingest(text("a.txt", "Some text."), { embedder: slow, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "ABORTED",
    });
    expect(await store.documents.list(alice)).toEqual([]);
    expect(await blobs.list("")).toEqual([]);
    await expect(ingest(text("b.txt", "x"), { signal: controller.signal })).rejects.toMatchObject({
      code: "ABORTED",
    });
    expect(await store.documents.list(alice)).toEqual([]);
  });

  it("throws the store's error, marking the document failed", async () => {
    const failing = failingAt("chunks", "replace", "disk full");
    await expect(
      ingestDocument({ store: failing, blobs, principal: alice, file: text("a.txt", "x") }),
    ).rejects.toMatchObject({ code: "STORAGE_ERROR" });
    expect((await store.documents.list(alice))[0]).toMatchObject({
      status: "failed",
      error: "the document could not be stored",
    });
  });

  it("removes the stored file when the document cannot be created", async () => {
    const failing = failingAt("documents", "create", "down");
    await expect(
      ingestDocument({ store: failing, blobs, principal: alice, file: text("a.txt", "x") }),
    ).rejects.toThrow("down");
    expect(await blobs.list("")).toEqual([]);
  });
});

describe("ingestDocument: principals", () => {
  it("keeps a document, its chunks and its file to its owner", async () => {
    const document = await ingest(text("private.txt", "Alice's secret plan."));
    expect(await store.documents.get(bob, document.id)).toBeNull();
    expect(await store.chunks.list(bob, [document.id])).toEqual([]);
    const bobs = await ingestDocument({ store, blobs, principal: bob, file: text("b.txt", "Bob's notes.") });
    expect(bobs.blobKey?.startsWith("tenants/acme/users/bob/documents/")).toBe(true);
    expect((await store.documents.list(alice)).map((d) => d.id)).toEqual([document.id]);
  });
});

/** The Postgres stores to ingest into: PGlite always, the real server when `QUARRY_TEST_PG_URL` is set. */
const postgresStores: [string, () => Promise<{ store: Store; close(): Promise<void> }>][] = [
  [
    "PGlite",
    async () => {
      const pglite = await createPGliteStore();
      return { store: pglite, close: () => pglite.close() };
    },
  ],
];
if (testServerUrl) {
  const url = testServerUrl;
  postgresStores.push([
    "a Postgres server",
    async () => {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      const tablePrefix = randomPrefix("docs");
      const store = await createPostgresStore(pool, { tablePrefix });
      return {
        store,
        async close() {
          await store.close();
          await dropPrefixedTables(pool, tablePrefix);
          await pool.end();
        },
      };
    },
  ]);
}

describe.each(postgresStores)("ingestDocument on %s", (_, open) => {
  let opened: { store: Store; close(): Promise<void> } | undefined;
  afterAll(() => opened?.close());

  it("stores chunks with pages and embeddings, for their owner only", async () => {
    opened = await open();
    const db = opened.store;
    const bytes = await makePdf([["First page fact."], ["Second page fact."]]);
    const embedder = createHashEmbedder({ dimensions: 16 });
    const file = { fileName: "a.pdf", bytes };
    const document = await ingestDocument({ store: db, blobs, principal: alice, file, embedder });
    expect(document).toMatchObject({ status: "processed", pageCount: 2, chunkCount: 2 });
    const chunks = await db.chunks.list(alice, [document.id]);
    expect(chunks.map((c) => [c.page, c.text])).toEqual([
      [1, "First page fact."],
      [2, "Second page fact."],
    ]);
    expect(chunks[0]?.embedding?.[0]).toBeCloseTo(hashEmbedding("First page fact.", 16)[0] ?? 0, 5);
    expect(await db.documents.get(bob, document.id)).toBeNull();
    expect(await db.chunks.list(bob, [document.id])).toEqual([]);

    const scan = await ingestDocument({
      store: db,
      blobs,
      principal: alice,
      file: { fileName: "s.pdf", bytes: await makeImageOnlyPdf() },
    });
    expect(await db.documents.get(alice, scan.id)).toMatchObject({ status: "failed", chunkCount: 0 });
  }, 60_000);
});
