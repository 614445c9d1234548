/**
 * `@quarry/core/pglite`: the Postgres Store on an embedded PGlite database (the default in Node), kept in
 * a folder or in memory, and document retrieval in it. Needs the optional peer dependency
 * `@electric-sql/pglite`.
 * @packageDocumentation
 */
import type { Extensions, PGlite } from "@electric-sql/pglite";
import { QuarryError } from "./errors/quarry-error.js";

export {
  createPostgresRetriever,
  type PostgresRetriever,
  type PostgresRetrieverOptions,
} from "./documents/postgres-retriever.js";
export type { VectorSearchMode } from "./documents/postgres-retriever-vector.js";

import { createPostgresStore, type PostgresStoreOptions } from "./store/postgres/postgres-store.js";
import { resolveTableNames } from "./store/postgres/table-names.js";
import type { Store } from "./store/store.js";

/** Options of {@link createPGliteStore}. */
export interface PGliteStoreOptions extends PostgresStoreOptions {
  /** The folder the database lives in (created when missing); in memory, gone on close, when absent. */
  dataDir?: string;
  /**
   * PGlite extensions to load, e.g. `{ vector }` from `@electric-sql/pglite-pgvector`, with which
   * `createPostgresRetriever` finds near vectors in the database instead of in the process.
   */
  extensions?: Extensions;
}

/** A Store on its own PGlite database; `close()` closes the database too. */
export interface PGliteStore extends Store {
  /** The database, e.g. to keep blobs beside the records with `createPostgresBlobStore(store.pglite)`. */
  readonly pglite: PGlite;
}

/**
 * Opens (or creates) a PGlite database and the Store in it. Close the store when done: an open PGlite
 * keeps Node running.
 *
 * @example
 * ```ts
 * import { createPGliteStore } from "@quarry/core/pglite";
 * const store = await createPGliteStore({ dataDir: ".quarry/db" });
 * ```
 */
export async function createPGliteStore(options: PGliteStoreOptions = {}): Promise<PGliteStore> {
  const { dataDir, extensions, ...storeOptions } = options;
  resolveTableNames(storeOptions);
  const { PGlite } = await loadPGlite();
  const pglite = new PGlite({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(extensions ? { extensions } : {}),
  });
  let store: Store;
  try {
    store = await createPostgresStore(pglite, storeOptions);
  } catch (error) {
    // An open PGlite would keep the process alive.
    await pglite.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ...store,
    pglite,
    close() {
      closing ??= (async () => {
        await store.close();
        await pglite.close();
      })();
      return closing;
    },
  };
}

async function loadPGlite(): Promise<typeof import("@electric-sql/pglite")> {
  try {
    return await import("@electric-sql/pglite");
  } catch (error) {
    throw new QuarryError(
      "NOT_IMPLEMENTED",
      "The PGlite store needs the package @electric-sql/pglite: npm install @electric-sql/pglite",
      { cause: error },
    );
  }
}
