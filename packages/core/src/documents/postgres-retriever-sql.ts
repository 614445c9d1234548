import type { Principal } from "../model/principal.js";
import type { Row, SqlRunner } from "../store/postgres/postgres-client.js";
import { isoTime, jsonOrNull, num, numOrNull, text, textOrNull } from "../store/postgres/row-values.js";
import type { StoreTables } from "../store/postgres/store-migrations.js";
import type { RankedChunk } from "./fuse-hits.js";

/** What a prefix match counts for against an exact one (MiniSearch's default weight too). */
const prefixWeight = 0.375;

/** A processed document a search may look into. */
export interface SearchableDocument {
  id: string;
  updatedAt: string;
  chunkCount: number;
  /** The embedder that made its chunk vectors (`metadata.embedder`), if any. */
  embedder: string | null;
}

/** A chunk with its embedding, for vector search in the process. */
export interface EmbeddedChunk {
  chunk: RankedChunk;
  embedding: number[] | null;
}

/**
 * BM25 (k1 = 1.2, b = 0.75, Lucene's idf) computed in SQL over the chunks' `tsvector`s. `ts_rank_cd` knows
 * nothing of how rare a term is across the chunks, so a word repeated in one passage beats the one rare word
 * that answers the question. Statistics (chunk count, mean length, document frequency) are those of the
 * searched documents only; a chunk's length is its number of distinct lexemes (`length(tsvector)`).
 *
 * The tsquery ORs the query's lexemes, since a question shares only some words with its answer, and, like
 * the in-process index, a lexeme of four or more letters also matches longer ones it begins (`:*`), scored
 * at {@link prefixWeight} of an exact match. On the retrieval benchmark (recall@5): `websearch_to_tsquery`
 * (AND) with `ts_rank_cd` 0.25, the same terms OR-ed 0.65, this 0.96.
 */
const bm25 = (t: StoreTables) => `
  WITH terms AS (
    SELECT DISTINCT lexeme FROM unnest(tsvector_to_array(to_tsvector('english', $4))) AS lexeme
  ),
  query AS (
    SELECT string_agg(quote_literal(lexeme) || CASE WHEN length(lexeme) >= 4 THEN ':*' ELSE '' END, ' | ')::tsquery AS q
    FROM terms
  ),
  scope AS (
    SELECT c.id, c.search_vector FROM ${t.chunks} c JOIN ${t.documents} d ON d.id = c.document_id
    WHERE d.tenant_id = $1 AND d.owner_id = $2 AND c.document_id = ANY($3::text[])
  ),
  stats AS (SELECT count(*)::float8 AS n, avg(length(search_vector))::float8 AS avgdl FROM scope),
  hit AS (
    SELECT s.id, s.search_vector, length(s.search_vector)::float8 AS dl
    FROM scope s CROSS JOIN query WHERE s.search_vector @@ query.q
  ),
  -- One row per chunk and matched lexeme; a lexeme both equal to one term and begun by another counts once.
  matches AS (
    SELECT h.id, h.dl, m.lexeme, cardinality(m.positions)::float8 AS tf,
      max(CASE WHEN m.lexeme = terms.lexeme THEN 1 ELSE ${prefixWeight} END) AS weight
    FROM hit h, unnest(h.search_vector) AS m
    JOIN terms ON m.lexeme = terms.lexeme OR (length(terms.lexeme) >= 4 AND starts_with(m.lexeme, terms.lexeme))
    GROUP BY h.id, h.dl, m.lexeme, m.positions
  ),
  df AS (SELECT lexeme, count(*)::float8 AS df FROM matches GROUP BY lexeme),
  scored AS (
    SELECT m.id, sum(
      m.weight * ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
      * m.tf * 2.2 / (m.tf + 1.2 * (0.25 + 0.75 * m.dl / nullif(stats.avgdl, 0)))
    ) AS score
    FROM matches m JOIN df USING (lexeme) CROSS JOIN stats
    GROUP BY m.id
  )
  SELECT c.id, c.document_id, c.chunk_index, c.page, c.text, d.file_name
  FROM scored JOIN ${t.chunks} c ON c.id = scored.id JOIN ${t.documents} d ON d.id = c.document_id
  ORDER BY scored.score DESC, c.document_id, c.chunk_index
  LIMIT $5`;

/**
 * Nearest chunks by cosine distance (pgvector's `<=>`), among vectors of the query's length only: pgvector
 * refuses to compare others, so the CASE keeps them from ever reaching the operator. Distance ≥ 1 means
 * pointing away from the query (or a zero vector, NaN), which in-process search leaves out as well.
 */
const nearest = (t: StoreTables) => `
  SELECT id, document_id, chunk_index, page, text, file_name FROM (
    SELECT c.id, c.document_id, c.chunk_index, c.page, c.text, d.file_name,
      CASE WHEN vector_dims(c.embedding_vector) = $4 THEN c.embedding_vector <=> $5::vector END AS distance
    FROM ${t.chunks} c JOIN ${t.documents} d ON d.id = c.document_id
    WHERE d.tenant_id = $1 AND d.owner_id = $2 AND c.document_id = ANY($3::text[])
      AND c.embedding_vector IS NOT NULL
  ) near
  WHERE distance < 1
  ORDER BY distance, document_id, chunk_index
  LIMIT $6`;

const chunkColumns = "c.id, c.document_id, c.chunk_index, c.page, c.text, d.file_name";

function rankedChunk(row: Row): RankedChunk {
  return {
    chunkId: text(row.id),
    documentId: text(row.document_id),
    fileName: text(row.file_name),
    chunkIndex: num(row.chunk_index),
    page: numOrNull(row.page),
    text: text(row.text),
  };
}

/** The queries of the Postgres retriever, every one scoped by the principal. */
export function createRetrieverQueries(db: SqlRunner, t: StoreTables) {
  const owner = (principal: Principal) => [principal.tenantId, principal.userId];
  return {
    async processedDocuments(principal: Principal, ids: readonly string[]): Promise<SearchableDocument[]> {
      const rows = await db.query(
        `SELECT id, updated_at, chunk_count, metadata->>'embedder' AS embedder FROM ${t.documents}
         WHERE tenant_id = $1 AND owner_id = $2 AND id = ANY($3::text[]) AND status = 'processed'`,
        [...owner(principal), [...ids]],
      );
      return rows.map((row) => ({
        id: text(row.id),
        updatedAt: isoTime(row.updated_at),
        chunkCount: num(row.chunk_count),
        embedder: textOrNull(row.embedder),
      }));
    },

    /** Chunks sharing a lexeme with the query, best BM25 first. `query` should be plain words. */
    async lexical(principal: Principal, ids: readonly string[], query: string, depth: number) {
      const rows = await db.query(bm25(t), [...owner(principal), [...ids], query, depth]);
      return rows.map(rankedChunk);
    },

    /** Chunks nearest the vector, through pgvector. */
    async nearest(principal: Principal, ids: readonly string[], vector: readonly number[], depth: number) {
      const rows = await db.query(nearest(t), [
        ...owner(principal),
        [...ids],
        vector.length,
        JSON.stringify(vector),
        depth,
      ]);
      return rows.map(rankedChunk);
    },

    /** Every chunk with an embedding, for vector search in the process when pgvector is missing. */
    async embedded(principal: Principal, ids: readonly string[]): Promise<EmbeddedChunk[]> {
      const rows = await db.query(
        `SELECT ${chunkColumns}, c.embedding FROM ${t.chunks} c JOIN ${t.documents} d ON d.id = c.document_id
         WHERE d.tenant_id = $1 AND d.owner_id = $2 AND c.document_id = ANY($3::text[])
           AND c.embedding IS NOT NULL
         ORDER BY c.document_id, c.chunk_index`,
        [...owner(principal), [...ids]],
      );
      return rows.map((row) => ({ chunk: rankedChunk(row), embedding: jsonOrNull<number[]>(row.embedding) }));
    },
  };
}
