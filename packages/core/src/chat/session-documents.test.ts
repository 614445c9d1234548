import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BlobStore } from "../blob/blob-store.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import type { Embedder } from "../documents/document-ports.js";
import { makeCorruptPdf, makePdf } from "../documents/test-pdfs.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { createScriptedModel } from "../testing/model/scripted-model.js";
import { createQuarry } from "./create-quarry.js";
import { policyPages } from "./document-fixtures.js";
import { sharedEngine } from "./engine-provider.js";
import type { Quarry, QuarryOptions } from "./quarry-types.js";
import { salesEngine } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };
const text = (value: string) => new TextEncoder().encode(value);

describe("quarry.documents", () => {
  let store: Store;
  let blobs: BlobStore;
  let quarry: Quarry;
  let sessionId: string;
  let policyPdf: Uint8Array;
  let engine: SqlEngine;

  function make(documents: QuarryOptions["documents"] = {}): Quarry {
    return createQuarry({
      store,
      blobs,
      model: createScriptedModel({ script: { text: "ok" } }),
      engine: sharedEngine(engine),
      principal: alice,
      documents: { chunking: { size: 200, overlap: 20 }, ...documents },
    });
  }

  beforeAll(async () => {
    engine = await salesEngine();
    policyPdf = await makePdf(policyPages.map((page) => [page]));
  });
  afterAll(() => engine.close());
  beforeEach(async () => {
    store = createMemoryStore();
    blobs = createMemoryBlobStore();
    quarry = make();
    sessionId = (await store.sessions.create(alice)).id;
  });

  it("ingests files, attaches them, and says when the session is ready", async () => {
    const added = await quarry.documents.add(sessionId, [
      { fileName: "handbook.pdf", bytes: policyPdf, mediaType: "application/pdf" },
      { fileName: "notes.txt", bytes: text("Staff parking opens at 7 am on weekdays.") },
      { fileName: "broken.pdf", bytes: makeCorruptPdf() },
    ]);
    expect(added.files.map((f) => [f.fileName, f.status, f.pages])).toEqual([
      ["handbook.pdf", "processed", 3],
      ["notes.txt", "processed", null],
      ["broken.pdf", "failed", null],
    ]);
    expect(added.files[0]?.chunks).toBeGreaterThanOrEqual(3);
    expect(added.files[2]?.error).toMatch(/damaged/);
    expect(added.ready).toBe(false);
    const session = await store.sessions.get(alice, sessionId);
    expect(session?.documentIds).toEqual(added.files.map((f) => f.documentId));

    // The processed files are searched anyway.
    const hits = await quarry.documents.search(sessionId, "refund time limit");
    expect(hits[0]).toMatchObject({ fileName: "handbook.pdf", page: 2 });
    expect(hits[0]?.text).toContain("within 30 days");

    const broken = added.files[2]!;
    const brokenDoc = await store.documents.get(alice, broken.documentId);
    await quarry.documents.remove(sessionId, broken.documentId);
    expect(await quarry.documents.list(sessionId)).toMatchObject({
      ready: true,
      files: [{ fileName: "handbook.pdf" }, { fileName: "notes.txt" }],
    });
    expect(await store.documents.get(alice, broken.documentId)).toBeNull();
    if (brokenDoc?.blobKey) expect(await blobs.head(brokenDoc.blobKey)).toBeNull();
  });

  it("removes a document with its chunks and file", async () => {
    const { files } = await quarry.documents.add(sessionId, [{ fileName: "handbook.pdf", bytes: policyPdf }]);
    const documentId = files[0]!.documentId;
    const blobKey = (await store.documents.get(alice, documentId))?.blobKey;
    expect(blobKey && (await blobs.head(blobKey))).toBeTruthy();
    await quarry.documents.remove(sessionId, documentId);
    expect(await store.chunks.list(alice, [documentId])).toEqual([]);
    expect(await blobs.head(blobKey!)).toBeNull();
    expect(await quarry.documents.list(sessionId)).toEqual({ ready: false, files: [] });
    expect(await quarry.documents.search(sessionId, "refund")).toEqual([]);
    await expect(quarry.documents.remove(sessionId, documentId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps another user's session and documents out of reach, changing nothing", async () => {
    const { files } = await quarry.documents.add(sessionId, [{ fileName: "handbook.pdf", bytes: policyPdf }]);
    const as = { principal: bob };
    await expect(
      quarry.documents.add(sessionId, [{ fileName: "x.txt", bytes: text("x") }], as),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(quarry.documents.list(sessionId, as)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(quarry.documents.search(sessionId, "refund", as)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(quarry.documents.remove(sessionId, files[0]!.documentId, as)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await store.documents.list(bob)).toEqual([]);
    expect((await quarry.documents.list(sessionId)).files).toHaveLength(1);
  });

  it("refuses bad calls with INVALID_INPUT before storing anything", async () => {
    const refused = (promise: Promise<unknown>) =>
      expect(promise).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await refused(quarry.documents.add(sessionId, []));
    await refused(quarry.documents.add(sessionId, [{ fileName: "", bytes: text("x") }]));
    await refused(
      quarry.documents.add(sessionId, [{ fileName: "a.txt", bytes: "x" as unknown as Uint8Array }]),
    );
    await refused(quarry.documents.search(sessionId, "   "));
    await refused(quarry.documents.search(sessionId, "x".repeat(1_001)));
    await refused(quarry.documents.search(sessionId, "refund", { limit: 0 }));
    await expect(
      quarry.documents.add("no-such-session", [{ fileName: "a.txt", bytes: text("x") }]),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await store.documents.list(alice)).toEqual([]);
    expect(await blobs.list("")).toEqual([]);
    expect(() =>
      createQuarry({
        store,
        blobs,
        model: createScriptedModel({ script: { text: "ok" } }),
        engine: sharedEngine({} as never),
        documents: { searchLimit: 0 },
      }),
    ).toThrow(/searchLimit/);
  });

  it("stops when aborted, keeping the files done so far", async () => {
    const controller = new AbortController();
    // Embedding the second file is where the user gives up.
    let calls = 0;
    const embedder: Embedder = {
      id: "test:abort-on-second:2",
      async embed(texts) {
        if (++calls === 2) controller.abort();
        return texts.map(() => [1, 0]);
      },
    };
    quarry = make({ embedder });
    const files = [
      { fileName: "a.txt", bytes: text("Alpha is the first letter.") },
      { fileName: "b.txt", bytes: text("Beta is the second letter.") },
    ];
    await expect(quarry.documents.add(sessionId, files, { signal: controller.signal })).rejects.toMatchObject(
      {
        code: "ABORTED",
      },
    );
    const listed = await quarry.documents.list(sessionId);
    expect(listed.files.map((f) => f.fileName)).toEqual(["a.txt"]);
    // The stopped file left no record behind, attached or not.
    expect((await store.documents.list(alice)).map((d) => d.fileName)).toEqual(["a.txt"]);
  });
});
