import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { type IDBPDatabase, wrap } from "idb";
import { describe, expect, it } from "vitest";
import { runBlobStoreConformance } from "../testing/blob/run-blob-store-conformance.js";
import { expectCode } from "../testing/store/harness.js";
import { createIndexedDbBlobStore } from "./indexeddb-blob-store.js";

runBlobStoreConformance({
  name: "indexeddb (fake-indexeddb)",
  createBlobStore: () => createIndexedDbBlobStore({ name: "conformance", indexedDB: new IDBFactory() }),
});

// Small, odd-sized chunks, so that bodies and reads cross many chunk boundaries.
runBlobStoreConformance({
  name: "indexeddb (fake-indexeddb, 100003-byte chunks)",
  createBlobStore: () =>
    createIndexedDbBlobStore({ name: "conformance-small", indexedDB: new IDBFactory(), chunkSize: 100_003 }),
});

/** The database as it is, bypassing the store. */
async function openRaw(factory: IDBFactory, name: string): Promise<IDBPDatabase> {
  const db = await wrap(factory.open(name));
  if (!db) throw new Error(`could not open ${name}`);
  return db;
}

/** Counts the records of each object store, read straight from the database. */
async function recordCounts(factory: IDBFactory, name: string): Promise<Record<string, number>> {
  const db = await openRaw(factory, name);
  try {
    const counts: Record<string, number> = {};
    for (const store of ["heads", "chunks", "pending"]) counts[store] = await db.count(store);
    return counts;
  } finally {
    db.close();
  }
}

describe("createIndexedDbBlobStore", () => {
  const chunkSize = 1000;

  it("stores chunks of chunkSize and deletes the old generation on overwrite and delete", async () => {
    const factory = new IDBFactory();
    const store = await createIndexedDbBlobStore({ name: "gc", indexedDB: factory, chunkSize });
    await store.put("a", new Uint8Array(3500));
    expect(await recordCounts(factory, "gc")).toEqual({ heads: 1, chunks: 4, pending: 0 });
    await store.put("a", new Uint8Array(1000));
    expect(await recordCounts(factory, "gc")).toEqual({ heads: 1, chunks: 1, pending: 0 });
    await store.delete("a");
    expect(await recordCounts(factory, "gc")).toEqual({ heads: 0, chunks: 0, pending: 0 });
    await store.close?.();
  });

  it("a failed put leaves no chunks behind", async () => {
    const factory = new IDBFactory();
    const store = await createIndexedDbBlobStore({ name: "failed", indexedDB: factory, chunkSize });
    await store.put("kept", new Uint8Array(2500));
    await expectCode(store.put("kept", new Uint8Array(5000), { maxBytes: 4000 }), "PAYLOAD_TOO_LARGE");
    async function* broken() {
      yield new Uint8Array(4200);
      throw new Error("connection reset");
    }
    await expect(store.put("new", broken())).rejects.toThrow("connection reset");
    expect(await recordCounts(factory, "failed")).toEqual({ heads: 1, chunks: 3, pending: 0 });
    await store.close?.();
  });

  it("removes the chunks of a put abandoned long ago when it opens", async () => {
    const factory = new IDBFactory();
    const store = await createIndexedDbBlobStore({ name: "abandoned", indexedDB: factory, chunkSize });
    await store.put("kept", new Uint8Array(1500));
    await store.close?.();
    // What a tab closed in the middle of a put leaves: chunks and a pending record, but no head.
    const db = await openRaw(factory, "abandoned");
    const tx = db.transaction(["chunks", "pending"], "readwrite");
    await tx.objectStore("chunks").put(new Uint8Array(10), ["old", 0]);
    await tx.objectStore("chunks").put(new Uint8Array(10), ["old", 1]);
    await tx.objectStore("chunks").put(new Uint8Array(10), ["recent", 0]);
    await tx
      .objectStore("pending")
      .put({ generation: "old", chunks: 2, touchedAt: Date.now() - 2 * 3600_000 });
    await tx.objectStore("pending").put({ generation: "recent", chunks: 1, touchedAt: Date.now() });
    await tx.done;
    db.close();
    const reopened = await createIndexedDbBlobStore({ name: "abandoned", indexedDB: factory, chunkSize });
    expect(await recordCounts(factory, "abandoned")).toEqual({ heads: 1, chunks: 3, pending: 1 });
    expect((await reopened.head("kept"))?.size).toBe(1500);
    await reopened.close?.();
  });

  it("a body being read when the object is replaced fails instead of mixing versions", async () => {
    const store = await createIndexedDbBlobStore({ name: "race", indexedDB: new IDBFactory(), chunkSize });
    await store.put("a", new Uint8Array(5000).fill(1));
    const object = await store.get("a");
    await store.put("a", new Uint8Array(5000).fill(2));
    await expect(new Response(object!.body).arrayBuffer()).rejects.toMatchObject({ code: "STORAGE_ERROR" });
    await store.close?.();
  });

  it("rejects a chunkSize that is not a positive whole number", async () => {
    await expectCode(
      createIndexedDbBlobStore({ name: "x", indexedDB: new IDBFactory(), chunkSize: 0 }),
      "INVALID_INPUT",
    );
  });
});
