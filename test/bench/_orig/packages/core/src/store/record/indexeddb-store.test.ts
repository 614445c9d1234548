import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { QuarryError } from "../../errors/quarry-error.js";
import { runStoreConformance } from "../../testing/store/run-store-conformance.js";
import { createIndexedDbRecordDb } from "./indexeddb-record-db.js";
import { createIndexedDbStore } from "./indexeddb-store.js";

let databases = 0;
const unique = () => `quarry-test-${++databases}`;

runStoreConformance({
  name: "indexeddb (fake-indexeddb)",
  createStore: (options) => createIndexedDbStore({ name: unique(), indexedDB: new IDBFactory(), ...options }),
});

describe("createIndexedDbRecordDb", () => {
  const open = () => createIndexedDbRecordDb({ name: unique(), indexedDB: new IDBFactory() });
  const owner = { owner: "t\u0000u" };

  it("a transaction whose body throws after writes leaves nothing written, and rethrows the body's error", async () => {
    const db = await open();
    await db.transaction("readwrite", (tx) => tx.put("sessions", "kept", { v: 0 }, owner));
    const failure = new QuarryError("CONFLICT", "changed my mind");
    const outcome = db.transaction("readwrite", async (tx) => {
      await tx.put("sessions", "s1", { v: 1 }, owner);
      await tx.put("messages", "m1", { v: 2 }, { session: "s1" });
      await tx.put("sessions", "kept", { v: 99 }, owner);
      await tx.delete("sessions", "kept");
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    await db.transaction("readonly", async (tx) => {
      expect(await tx.get("sessions", "s1")).toBeUndefined();
      expect(await tx.get("messages", "m1")).toBeUndefined();
      expect(await tx.get("sessions", "kept")).toEqual({ v: 0 });
      expect(await tx.where("messages", "session", "s1")).toEqual([]);
    });
    await db.close();
  });

  it("where answers records of one index value in key order, and values are copies", async () => {
    const db = await open();
    const value = { n: 1, nested: { when: new Date(0) } };
    await db.transaction("readwrite", async (tx) => {
      for (const key of ["c", "a", "b"]) await tx.put("chunks", key, { ...value, key }, { document: "d1" });
      await tx.put("chunks", "z", { key: "z" }, { document: "d2" });
    });
    value.nested.when = new Date(1);
    const read = await db.transaction("readonly", (tx) =>
      tx.where<{ key: string }>("chunks", "document", "d1"),
    );
    expect(read.map((record) => record.key)).toEqual(["a", "b", "c"]);
    expect(read[0]).toEqual({ n: 1, nested: { when: new Date(0) }, key: "a" });
    await db.close();
  });

  it("wraps failed IndexedDB calls as STORAGE_ERROR", async () => {
    const db = await open();
    const outcome = db.transaction("readwrite", (tx) =>
      tx.put("sessions", "x", () => "not cloneable", owner),
    );
    await expect(outcome).rejects.toMatchObject({ code: "STORAGE_ERROR" });
    await db.close();
  });
});
