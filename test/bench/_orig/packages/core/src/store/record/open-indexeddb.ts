import { type IDBPDatabase, type IDBPTransaction, wrap } from "idb";
import { QuarryError } from "../../errors/quarry-error.js";

/** One schema step: it upgrades a database from version `index` to `index + 1`. */
export type IdbMigration = (
  db: IDBPDatabase,
  tx: IDBPTransaction<unknown, string[], "versionchange">,
) => void;

/**
 * Opens a database at version `migrations.length`, running the steps the stored version has not seen yet.
 * Written by hand rather than with idb's `openDB` because that one always uses the global `indexedDB`,
 * while callers may pass their own factory (a worker's, or fake-indexeddb's in tests).
 */
export async function openIndexedDb(
  factory: IDBFactory | undefined,
  name: string,
  migrations: readonly IdbMigration[],
): Promise<IDBPDatabase> {
  const indexedDb = factory ?? globalThis.indexedDB;
  // idb tells requests from transactions by `instanceof` on the global classes, so it needs them even
  // when the factory is passed in (in Node: `import "fake-indexeddb/auto"`).
  if (!indexedDb || typeof globalThis.IDBRequest === "undefined") {
    throw new QuarryError(
      "NOT_IMPLEMENTED",
      "IndexedDB is not available here (in Node, import fake-indexeddb/auto before opening the store).",
    );
  }
  const request = indexedDb.open(name, migrations.length);
  request.addEventListener("upgradeneeded", (event) => {
    const db = wrap(request.result);
    const tx = wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], "versionchange">;
    for (let version = event.oldVersion; version < migrations.length; version++) migrations[version]!(db, tx);
  });
  try {
    // Only a blocked-then-aborted open resolves without a database; treat it as the failure it is.
    const db = await wrap(request);
    if (!db) throw new Error("the open request gave no database");
    // Another tab opening a newer version waits for every old connection to close: let it through
    // instead of blocking its upgrade forever; this connection's later calls then fail with STORAGE_ERROR.
    db.addEventListener("versionchange", () => db.close());
    return db;
  } catch (error) {
    throw new QuarryError("STORAGE_ERROR", `Could not open the IndexedDB database "${name}".`, {
      cause: error,
    });
  }
}

/** Wraps a failed IndexedDB call as `STORAGE_ERROR`, keeping errors Quarry raised itself. */
export function storageError(error: unknown, what: string): QuarryError {
  if (QuarryError.is(error)) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new QuarryError("STORAGE_ERROR", `IndexedDB ${what} failed (${reason}).`, { cause: error });
}
