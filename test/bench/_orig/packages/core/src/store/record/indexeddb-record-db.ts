import type { IDBPTransaction } from "idb";
import { QuarryError } from "../../errors/quarry-error.js";
import { type IdbMigration, openIndexedDb, storageError } from "./open-indexeddb.js";
import {
  type CollectionName,
  collections,
  type IndexName,
  type IndexValues,
  type RecordDb,
  type RecordTransaction,
} from "./record-db.js";

/** Options of {@link createIndexedDbRecordDb}. */
export interface IndexedDbRecordDbOptions {
  /** The database name; one per Quarry instance (use another name for the IndexedDB blob store). */
  name: string;
  /**
   * The factory to use instead of the global `indexedDB`, e.g. a fresh fake-indexeddb `IDBFactory` per
   * test. IndexedDB's classes must still be globals (`idb` checks them), so in Node also import
   * `fake-indexeddb/auto`.
   */
  indexedDB?: IDBFactory;
}

/** What an object store holds: the indexes sit apart from the value so that values stay opaque. */
interface StoredRecord {
  key: string;
  idx: Record<string, string>;
  value: unknown;
}

const storeNames = Object.keys(collections) as CollectionName[];

/**
 * Schema steps, one per version: `migrations[n]` upgrades version n to n + 1. Never edit a released step;
 * add a new one (a store or index a later Quarry needs) so existing browsers' databases upgrade in place.
 */
const migrations: readonly IdbMigration[] = [
  (db) => {
    for (const name of storeNames) {
      const store = db.createObjectStore(name, { keyPath: "key" });
      for (const index of collections[name] as readonly string[]) store.createIndex(index, `idx.${index}`);
    }
  },
];

/**
 * A {@link RecordDb} in IndexedDB (through `idb`): one object store per collection holding
 * `{ key, idx, value }` with an index on each `idx.<name>`. Every transaction spans all object stores, so a
 * Store operation touching several collections commits or aborts as one. IndexedDB clones values itself.
 */
export async function createIndexedDbRecordDb(options: IndexedDbRecordDbOptions): Promise<RecordDb> {
  const db = await openIndexedDb(options.indexedDB, options.name, migrations);

  return {
    async transaction<T>(
      mode: "readonly" | "readwrite",
      body: (tx: RecordTransaction) => Promise<T>,
    ): Promise<T> {
      let tx: IDBPTransaction<unknown, CollectionName[], "readonly" | "readwrite">;
      try {
        tx = db.transaction(storeNames, mode);
      } catch (error) {
        throw storageError(error, "transaction");
      }
      // Settles when the transaction commits or aborts; caught here so an abort is never unhandled.
      const settled = tx.done.then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      let result: T;
      try {
        result = await body(recordTransaction(tx));
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // Already committed or aborted (e.g. a failed request aborted it): nothing left to undo.
        }
        await settled;
        throw error;
      }
      const outcome = await settled;
      if (!outcome.ok) throw storageError(outcome.error, "commit");
      return result;
    },
    async close() {
      db.close();
    },
  };
}

function recordTransaction(
  tx: IDBPTransaction<unknown, CollectionName[], "readonly" | "readwrite">,
): RecordTransaction {
  // The Store logic runs these inside the transaction; wrapping failures keeps its errors QuarryErrors.
  const run = async <R>(what: string, operation: () => Promise<R>): Promise<R> => {
    try {
      return await operation();
    } catch (error) {
      throw storageError(error, what);
    }
  };
  return {
    get<T>(collection: CollectionName, key: string): Promise<T | undefined> {
      return run("get", async () => {
        const record = (await tx.objectStore(collection).get(key)) as StoredRecord | undefined;
        return record?.value as T | undefined;
      });
    },
    put<C extends CollectionName>(collection: C, key: string, value: unknown, indexes: IndexValues<C>) {
      return run("put", async () => {
        if (tx.mode !== "readwrite") throw new QuarryError("INTERNAL", "A put in a readonly transaction.");
        const record: StoredRecord = { key, idx: { ...(indexes as Record<string, string>) }, value };
        await tx.objectStore(collection).put!(record);
      });
    },
    delete(collection: CollectionName, key: string) {
      return run("delete", async () => {
        if (tx.mode !== "readwrite") throw new QuarryError("INTERNAL", "A delete in a readonly transaction.");
        await tx.objectStore(collection).delete!(key);
      });
    },
    where<T, C extends CollectionName = CollectionName>(collection: C, index: IndexName<C>, value: string) {
      return run("where", async () => {
        // Equal index values sort by primary key, so this is already in key order.
        const records = (await tx.objectStore(collection).index(index).getAll(value)) as StoredRecord[];
        return records.map((record) => record.value as T);
      });
    },
  };
}
