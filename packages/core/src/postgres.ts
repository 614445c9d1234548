/**
 * `@quarry/core/postgres`: the Store and a BlobStore in Postgres, over any client shaped like
 * `{ query(sql, params) }` (`pg.Pool`, `pg.Client`, PGlite). Quarry does not import a driver: pass yours.
 * @packageDocumentation
 */
export {
  createPostgresBlobStore,
  type PostgresBlobStoreOptions,
} from "./blob/postgres-blob-store.js";
export type { PostgresClient, PostgresQueryResult } from "./store/postgres/postgres-client.js";
export { createPostgresStore, type PostgresStoreOptions } from "./store/postgres/postgres-store.js";
export type { PostgresTableOptions } from "./store/postgres/table-names.js";
