import type { QuarryError } from "../errors/quarry-error.js";
import type { Principal } from "../model/principal.js";
import { createSqlDatabase, type PostgresClient } from "../store/postgres/postgres-client.js";
import { storeTables } from "../store/postgres/store-migrations.js";
import { type PostgresTableOptions, resolveTableNames } from "../store/postgres/table-names.js";
import type { DocumentRetriever, Embedder } from "./document-ports.js";
import { fuseHits, type RankedChunk } from "./fuse-hits.js";
import { createIndexCache, documentSetKey } from "./index-cache.js";
import { tokenize } from "./lexical-terms.js";
import { createRetrieverQueries, type EmbeddedChunk } from "./postgres-retriever-sql.js";
import { prepareVectorSearch, type VectorSearchMode } from "./postgres-retriever-vector.js";
import { checkSearchInput, throwIfAborted } from "./search-input.js";
import { embedQuery } from "./vector-query.js";
import { createVectorIndex, type VectorIndex } from "./vector-search.js";

/** Options of {@link createPostgresRetriever}. */
export interface PostgresRetrieverOptions extends PostgresTableOptions {
  /** The client the Store was made with: a `pg.Pool`, a `pg.Client` or a PGlite. Same schema and prefix too. */
  db: PostgresClient;
  /**
   * Embeds queries for the vector half of the search; the chunks must have been embedded by the same
   * embedder (the same `id`). Without one, retrieval is BM25 only.
   */
  embedder?: Embedder;
  /**
   * Where the server offers pgvector, create the extension (if the role may) and a vector column beside the
   * chunks' embeddings, on the first search (default true). Off: use them only if a deploy step made them.
   */
  migrate?: boolean;
  /** Without pgvector: how many sets of documents' vectors to keep in memory; default 32. */
  cacheSize?: number;
  /** Called when the query could not be embedded; the search then goes on with BM25 alone. */
  onEmbedderError?: (error: QuarryError) => void;
}

/** A {@link DocumentRetriever} in Postgres, telling how it compares vectors once it knows. */
export interface PostgresRetriever extends DocumentRetriever {
  /** `pgvector` in the database or `in-process` cosine; null until settled (see {@link prepare}). */
  readonly vectorSearch: VectorSearchMode | null;
  /**
   * Settles vector search now (creating the pgvector column where the server and `migrate` allow) rather
   * than at the first search that needs it, e.g. at start-up or in a deploy step.
   */
  prepare(): Promise<VectorSearchMode>;
}

/**
 * Hybrid retrieval in Postgres over the Store's tables: BM25 computed in SQL from the chunks' full-text
 * `tsvector` (a Store migration keeps it), and, with an embedder, the nearest chunk vectors through pgvector
 * where the server has it, or by cosine in the process over the JSON embeddings where it does not (those
 * vectors are cached per principal and document versions). The two lists are fused by reciprocal rank.
 * Only `processed` documents the principal owns among the ids are searched.
 *
 * Works on PGlite too; give it pgvector with `new PGlite({ extensions: { vector } })` from
 * `@electric-sql/pglite-pgvector`.
 *
 * @example
 * ```ts
 * const store = await createPostgresStore(pool);
 * const retriever = createPostgresRetriever({ db: pool, embedder });
 * const hits = await retriever.search(principal, session.documentIds, "What is the refund window?");
 * ```
 */
export function createPostgresRetriever(options: PostgresRetrieverOptions): PostgresRetriever {
  const names = resolveTableNames(options);
  const db = createSqlDatabase(options.db);
  const queries = createRetrieverQueries(db, storeTables(names));
  const { embedder } = options;
  const cache = createIndexCache<{ chunks: RankedChunk[]; index: VectorIndex }>(options.cacheSize);
  let mode: VectorSearchMode | null = null;
  let preparing: Promise<VectorSearchMode> | undefined;

  const vectorMode = (): Promise<VectorSearchMode> => {
    preparing ??= prepareVectorSearch(db, names, options.migrate ?? true).then(
      (found) => {
        mode = found;
        return found;
      },
      (error: unknown) => {
        preparing = undefined;
        throw error;
      },
    );
    return preparing;
  };

  const inProcessNearest = async (
    principal: Principal,
    documents: readonly { id: string; updatedAt: string; chunkCount: number }[],
    vector: readonly number[],
    depth: number,
  ): Promise<RankedChunk[]> => {
    const { chunks, index } = await cache.get(documentSetKey(principal, documents), async () => {
      const embedded: EmbeddedChunk[] = await queries.embedded(
        principal,
        documents.map((d) => d.id),
      );
      return {
        chunks: embedded.map((e) => e.chunk),
        index: createVectorIndex(embedded.map((e) => e.embedding)),
      };
    });
    return index.search(vector, depth).map((position) => chunks[position]!);
  };

  return {
    get vectorSearch() {
      return mode;
    },
    prepare: vectorMode,

    async search(principal, documentIds, query, searchOptions) {
      const input = checkSearchInput(documentIds, query, searchOptions);
      if (input.terms.length === 0 || input.documentIds.length === 0) return [];
      const documents = await queries.processedDocuments(principal, input.documentIds);
      throwIfAborted(input.signal);
      if (documents.length === 0) return [];
      const ids = documents.map((d) => d.id);
      // Plain words only: Postgres then stems them and drops its own stop words.
      const lexical = await queries.lexical(
        principal,
        ids,
        tokenize(input.query).join(" "),
        input.rankWindow,
      );
      throwIfAborted(input.signal);

      const embedded = embedder ? documents.filter((d) => d.embedder === embedder.id) : [];
      let vector: RankedChunk[] = [];
      if (embedder && embedded.length > 0) {
        const searchMode = await vectorMode();
        const queryVector = await embedQuery(embedder, input.query, input.signal, options.onEmbedderError);
        if (queryVector && isSearchable(queryVector)) {
          vector =
            searchMode === "pgvector"
              ? await queries.nearest(
                  principal,
                  embedded.map((d) => d.id),
                  queryVector,
                  input.rankWindow,
                )
              : await inProcessNearest(principal, embedded, queryVector, input.rankWindow);
        }
      }
      throwIfAborted(input.signal);
      return fuseHits(lexical, vector, input.limit);
    },
  };
}

/** A vector pgvector can take and that points somewhere: finite numbers, not all zero. */
function isSearchable(vector: readonly number[]): boolean {
  return vector.every(Number.isFinite) && vector.some((value) => value !== 0);
}
