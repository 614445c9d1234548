import { expect } from "vitest";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

const pdf = { fileName: "annual report.pdf", mediaType: "application/pdf", sizeBytes: 123_456 };

/** Documents and their chunks. */
export function documentTests(test: Define, { store, principal }: StoreTestContext): void {
  test("documents start processing and move to processed or failed", async () => {
    const p = principal();
    const doc = await store().documents.create(p, pdf);
    expect(doc).toMatchObject({ ...pdf, status: "processing", error: null, pageCount: null, chunkCount: 0 });
    const done = await store().documents.update(p, doc.id, { status: "processed", pageCount: 12 });
    expect(done).toMatchObject({ status: "processed", pageCount: 12 });
    const other = await store().documents.create(p, { ...pdf, fileName: "scan.pdf" });
    const failed = await store().documents.update(p, other.id, { status: "failed", error: "no text layer" });
    expect(failed).toMatchObject({ status: "failed", error: "no text layer" });
    expect((await store().documents.list(p)).map((d) => d.id).sort()).toEqual([doc.id, other.id].sort());
    expect(await store().documents.list(p, { ids: [other.id] })).toEqual([failed]);
    await expectCode(store().documents.update(p, doc.id, { status: "done" } as never), "INVALID_INPUT");
    await expectCode(
      store().documents.update({ ...p, userId: "mallory" }, doc.id, { status: "failed" }),
      "NOT_FOUND",
    );
    await expectCode(store().documents.create(p, { ...pdf, fileName: "" }), "INVALID_INPUT");
    expect(await store().documents.get(p, doc.id)).toEqual(done);
  });

  test("chunks.replace writes all chunks or none, and sets the document's chunk count", async () => {
    const p = principal();
    const doc = await store().documents.create(p, pdf);
    const chunks = [
      { index: 0, page: 1, text: "Revenue grew 12% in 2024.", embedding: [0.1, -0.2, 0.3] },
      { index: 1, page: 2, text: "Costs fell." },
    ];
    const written = await store().chunks.replace(p, doc.id, chunks);
    expect(written.map((c) => [c.documentId, c.index, c.page, c.text, c.embedding])).toEqual([
      [doc.id, 0, 1, chunks[0]!.text, [0.1, -0.2, 0.3]],
      [doc.id, 1, 2, chunks[1]!.text, null],
    ]);
    expect((await store().documents.get(p, doc.id))!.chunkCount).toBe(2);
    await expectCode(
      store().chunks.replace(p, doc.id, [
        { index: 0, page: 1, text: "ok" },
        { index: 1, page: 0, text: "bad page" },
      ]),
      "INVALID_INPUT",
    );
    expect(await store().chunks.list(p, [doc.id])).toEqual(written);
    const replaced = await store().chunks.replace(p, doc.id, [{ index: 0, page: null, text: "only" }]);
    expect(await store().chunks.list(p, [doc.id])).toEqual(replaced);
    expect((await store().documents.get(p, doc.id))!.chunkCount).toBe(1);
  });

  test("chunks of other users' documents are invisible; deleting a document deletes its chunks", async () => {
    const alice = principal("alice");
    const mallory = { ...alice, userId: "mallory" };
    const doc = await store().documents.create(alice, pdf);
    const second = await store().documents.create(alice, {
      ...pdf,
      fileName: "b.txt",
      mediaType: "text/plain",
    });
    await store().chunks.replace(alice, doc.id, [{ index: 0, page: 1, text: "secret" }]);
    await store().chunks.replace(alice, second.id, [
      { index: 1, page: null, text: "b1" },
      { index: 0, page: null, text: "b0" },
    ]);
    expect(await store().chunks.list(mallory, [doc.id])).toEqual([]);
    await expectCode(store().chunks.replace(mallory, doc.id, []), "NOT_FOUND");
    const both = await store().chunks.list(alice, [second.id, doc.id]);
    expect(both.map((c) => `${c.documentId === doc.id ? "a" : "b"}${c.index}`).sort()).toEqual([
      "a0",
      "b0",
      "b1",
    ]);
    expect((await store().chunks.list(alice, [second.id])).map((c) => c.text)).toEqual(["b0", "b1"]);
    await expectCode(store().documents.delete(mallory, doc.id), "NOT_FOUND");
    await store().documents.delete(alice, doc.id);
    expect(await store().documents.get(alice, doc.id)).toBeNull();
    expect(await store().chunks.list(alice, [doc.id])).toEqual([]);
    expect(await store().chunks.list(alice, [second.id])).toHaveLength(2);
    await expectCode(store().documents.delete(alice, doc.id), "NOT_FOUND");
  });
}
