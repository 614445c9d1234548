import { appliedVersions, type Migration, runMigrations } from "../store/postgres/migrations.js";
import type { SqlDatabase } from "../store/postgres/postgres-client.js";
import { storeTables } from "../store/postgres/store-migrations.js";
import type { TableNames } from "../store/postgres/table-names.js";

/** How the Postgres retriever finds near vectors: pgvector in the database, or cosine in the process. */
export type VectorSearchMode = "pgvector" | "in-process";

/** The migration scope of the pgvector column, apart from the Store's: it exists only where pgvector does. */
export const vectorScope = "vector";

/** pgvector's largest vector; the Store accepts embeddings of up to 8,192 numbers, well within it. */
const maxVectorDimensions = 16_000;
/** The largest magnitude a `real` (pgvector's element type) holds. */
const maxReal = 3.4e38;

/**
 * A `vector` copy of each chunk's JSON embedding, which Postgres computes on every write, so the Store's
 * chunk queries need not know that pgvector exists. The column has no fixed dimensions: embedders of
 * different sizes share the table, and searches compare only vectors of the query's length. Without fixed
 * dimensions there can be no HNSW or IVFFlat index; a search scans the chunks of a session's documents
 * exactly, which is both faster than an index at that size and free of approximation. An embedding that is
 * no vector to pgvector (empty, or a number beyond `real`) gets NULL rather than failing the write.
 */
const chunkVectors: Migration = {
  version: 1,
  name: "chunk embeddings as pgvector vectors",
  statements(names) {
    const chunks = storeTables(names).chunks;
    return [
      "CREATE EXTENSION IF NOT EXISTS vector",
      `ALTER TABLE ${chunks} ADD COLUMN embedding_vector vector GENERATED ALWAYS AS (
        CASE WHEN jsonb_typeof(embedding) = 'array'
          AND jsonb_array_length(embedding) BETWEEN 1 AND ${maxVectorDimensions}
          AND NOT jsonb_path_exists(embedding, '$[*] ? (@.type() != "number" || @.abs() > ${maxReal})')
        THEN (embedding::text)::vector END
      ) STORED`,
    ];
  },
};

/** The migrations of the {@link vectorScope}. */
export const vectorMigrations: readonly Migration[] = [chunkVectors];

/**
 * Settles how vectors are searched. With `migrate`, where the server offers pgvector, creates the extension
 * (if the role may) and the vector column; a role that may not is no error, the search then runs in the
 * process. Either way the answer is pgvector exactly when the column's migration is recorded.
 */
export async function prepareVectorSearch(
  db: SqlDatabase,
  names: TableNames,
  migrate: boolean,
): Promise<VectorSearchMode> {
  if (migrate) {
    const available = await db.query("SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'vector'");
    if (available.length > 0) {
      try {
        await runMigrations(db, names, vectorScope, vectorMigrations);
      } catch {
        // Most often the role may not create extensions; the vectors are then compared in the process.
      }
    }
  }
  const versions = await appliedVersions(db, names, vectorScope);
  return versions.includes(chunkVectors.version) ? "pgvector" : "in-process";
}
