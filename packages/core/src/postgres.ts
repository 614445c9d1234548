/**
 * `@quarry/core/postgres`: the Store and a BlobStore in Postgres, over any client shaped like
 * `{ query(sql, params) }` (`pg.Pool`, `pg.Client`, PGlite), hybrid document retrieval in it (full-text BM25
 * and pgvector), and the read-only Postgres SqlEngine (which needs the optional peer dependency
 * `libpg-query`). Quarry does not import a driver: pass yours.
 * @packageDocumentation
 */
export {
  createPostgresBlobStore,
  type PostgresBlobStoreOptions,
} from "./blob/postgres-blob-store.js";
export {
  createPostgresRetriever,
  type PostgresRetriever,
  type PostgresRetrieverOptions,
} from "./documents/postgres-retriever.js";
export type { VectorSearchMode } from "./documents/postgres-retriever-vector.js";
export {
  createPostgresEngine,
  type PostgresEngine,
  type PostgresEngineOptions,
} from "./engine/postgres/postgres-engine.js";
export { type CheckedPostgresStatement, checkPostgresSql } from "./engine/postgres/postgres-guard.js";
export type { PostgresClient, PostgresQueryResult } from "./store/postgres/postgres-client.js";
export { createPostgresStore, type PostgresStoreOptions } from "./store/postgres/postgres-store.js";
export type { PostgresTableOptions } from "./store/postgres/table-names.js";
