import type { QuarryError } from "../errors/quarry-error.js";
import type { Document } from "../model/document.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import type { DocumentRetriever, Embedder } from "./document-ports.js";
import { fuseHits, type RankedChunk } from "./fuse-hits.js";
import { createIndexCache, documentSetKey } from "./index-cache.js";
import { createLexicalIndex, type LexicalIndex } from "./lexical-index.js";
import { checkSearchInput, throwIfAborted } from "./search-input.js";
import { embedQuery } from "./vector-query.js";
import { createVectorIndex, embeddedBy, type VectorIndex } from "./vector-search.js";

/** Options of {@link createInProcessRetriever}. */
export interface InProcessRetrieverOptions {
  /** Where the documents and their chunks are. */
  store: Store;
  /**
   * Embeds queries for the vector half of the search; the chunks must have been embedded by the same
   * embedder (the same `id`). Without one, retrieval is BM25 only.
   */
  embedder?: Embedder;
  /** How many built indexes to keep (least recently used go first); default 32. */
  cacheSize?: number;
  /**
   * Called when the query could not be embedded (the embedding service is down, say): the search then goes
   * on with BM25 alone rather than failing. An abort is never reported here; it ends the search.
   */
  onEmbedderError?: (error: QuarryError) => void;
}

/** What a search needs of a set of documents, built once and cached. */
interface ChunkIndex {
  chunks: RankedChunk[];
  lexical: LexicalIndex;
  vectors: VectorIndex;
}

/**
 * Hybrid retrieval in the process, over any {@link Store}: BM25 (MiniSearch) over the chunks' text, cosine
 * similarity over their embeddings when the chunks were embedded by `embedder`, fused by reciprocal rank.
 * Only `processed` documents the principal owns among the ids are searched.
 *
 * The index of a set of documents is built on the first search and kept (per principal and the documents'
 * `updatedAt` and `chunkCount`, which every chunk replacement changes), so the questions of a session reuse
 * it. A query of stop words only finds nothing; an empty query is `INVALID_INPUT`. When the query cannot be
 * embedded the search goes on with BM25 alone (see `onEmbedderError`).
 *
 * @example
 * ```ts
 * const retriever = createInProcessRetriever({ store, embedder: createOpenAIEmbedder({ apiKey }) });
 * const hits = await retriever.search(principal, session.documentIds, "What is the refund window?");
 * ```
 */
export function createInProcessRetriever(options: InProcessRetrieverOptions): DocumentRetriever {
  const { store, embedder } = options;
  const cache = createIndexCache<ChunkIndex>(options.cacheSize);

  const buildIndex = async (principal: Principal, documents: readonly Document[]): Promise<ChunkIndex> => {
    const byId = new Map(documents.map((d) => [d.id, d]));
    const stored = await store.chunks.list(
      principal,
      documents.map((d) => d.id),
    );
    const chunks: RankedChunk[] = [];
    const vectors: (number[] | null)[] = [];
    for (const chunk of stored) {
      const document = byId.get(chunk.documentId);
      if (!document) continue;
      chunks.push({
        chunkId: chunk.id,
        documentId: chunk.documentId,
        fileName: document.fileName,
        chunkIndex: chunk.index,
        page: chunk.page,
        text: chunk.text,
      });
      vectors.push(embedder && embeddedBy(document, embedder) ? chunk.embedding : null);
    }
    return {
      chunks,
      lexical: createLexicalIndex(chunks.map((c) => c.text)),
      vectors: createVectorIndex(vectors),
    };
  };

  return {
    async search(principal, documentIds, query, searchOptions) {
      const input = checkSearchInput(documentIds, query, searchOptions);
      if (input.terms.length === 0 || input.documentIds.length === 0) return [];
      const listed = await store.documents.list(principal, { ids: input.documentIds });
      const documents = listed.filter((d) => d.status === "processed");
      throwIfAborted(input.signal);
      if (documents.length === 0) return [];
      const index = await cache.get(documentSetKey(principal, documents), () =>
        buildIndex(principal, documents),
      );
      throwIfAborted(input.signal);
      const lexical = index.lexical.search(input.query, input.rankWindow).map((p) => index.chunks[p]!);
      const queryVector =
        embedder && index.vectors.size > 0
          ? await embedQuery(embedder, input.query, input.signal, options.onEmbedderError)
          : null;
      const vector = queryVector
        ? index.vectors.search(queryVector, input.rankWindow).map((p) => index.chunks[p]!)
        : [];
      return fuseHits(lexical, vector, input.limit);
    },
  };
}
