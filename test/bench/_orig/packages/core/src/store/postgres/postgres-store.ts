import { resolveStoreOptions, type StoreOptions } from "../clock.js";
import type { Store } from "../store.js";
import { createAuditQueries } from "./audit-queries.js";
import { createChunkQueries } from "./chunk-queries.js";
import { createDatasetQueries } from "./dataset-queries.js";
import { createDocumentQueries } from "./document-queries.js";
import { createFeedbackQueries } from "./feedback-queries.js";
import { createMemoryQueries } from "./memory-queries.js";
import { createMessageQueries } from "./message-queries.js";
import { runMigrations } from "./migrations.js";
import { createSqlDatabase, type PostgresClient } from "./postgres-client.js";
import { createSessionQueries } from "./session-queries.js";
import { storeMigrations, storeTables } from "./store-migrations.js";
import { type PostgresTableOptions, resolveTableNames } from "./table-names.js";

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends StoreOptions, PostgresTableOptions {
  /**
   * Create and upgrade the tables on start (default true). Turn it off when migrations run elsewhere, e.g.
   * in a deploy step with a more privileged role: the tables must then exist already.
   */
  migrate?: boolean;
}

/**
 * The Store in Postgres, over any client shaped like `{ query(sql, params) }`: a `pg.Pool`, a single
 * `pg.Client` or a PGlite instance (see {@link PostgresClient} for how each runs transactions).
 *
 * The tables are created, or upgraded, on start unless `migrate` is false; that is safe when several
 * processes start together. `close()` leaves the client open: it belongs to the caller.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { createPostgresStore } from "@quarry/core/postgres";
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await createPostgresStore(pool, { tablePrefix: "quarry_" });
 * ```
 */
export async function createPostgresStore(
  client: PostgresClient,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const names = resolveTableNames(options);
  const db = createSqlDatabase(client);
  if (options.migrate ?? true) await runMigrations(db, names, "store", storeMigrations);
  const ctx = resolveStoreOptions(options);
  const tables = storeTables(names);
  return {
    sessions: createSessionQueries(db, tables, ctx),
    messages: createMessageQueries(db, tables, ctx),
    feedback: createFeedbackQueries(db, tables, ctx),
    datasets: createDatasetQueries(db, tables, ctx),
    documents: createDocumentQueries(db, tables, ctx),
    chunks: createChunkQueries(db, tables, ctx),
    audit: createAuditQueries(db, tables, ctx),
    memory: createMemoryQueries(db, tables, ctx),
    async close() {
      // Nothing of its own to release: connections belong to the client the caller passed in.
    },
  };
}
