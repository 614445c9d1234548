import type { StoreOptions } from "./clock.js";
import { createMemoryRecordDb } from "./record/memory-record-db.js";
import { createRecordStore } from "./record/record-store.js";
import type { Store } from "./store.js";

/**
 * A {@link Store} that keeps everything in this process's memory: for tests, demos and short-lived
 * servers. Nothing survives a restart.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const session = await store.sessions.create({ userId: "u1", tenantId: "t1" }, { title: "Sales" });
 * ```
 */
export function createMemoryStore(options?: StoreOptions): Store {
  return createRecordStore(createMemoryRecordDb(), options);
}
