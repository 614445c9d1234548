import type { StoreOptions } from "../clock.js";
import type { Store } from "../store.js";
import { createIndexedDbRecordDb, type IndexedDbRecordDbOptions } from "./indexeddb-record-db.js";
import { createRecordStore } from "./record-store.js";

/** Options of {@link createIndexedDbStore}. */
export interface IndexedDbStoreOptions extends IndexedDbRecordDbOptions, StoreOptions {}

/**
 * A {@link Store} in the browser's IndexedDB (through `idb`, an optional peer dependency): the default
 * store of Quarry in the browser. Data stays on the device and survives reloads.
 *
 * @example
 * ```ts
 * const store = await createIndexedDbStore({ name: "quarry" });
 * const session = await store.sessions.create({ userId: "u1", tenantId: "t1" }, { title: "Sales" });
 * ```
 */
export async function createIndexedDbStore(options: IndexedDbStoreOptions): Promise<Store> {
  return createRecordStore(await createIndexedDbRecordDb(options), options);
}
