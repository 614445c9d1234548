import type { Principal } from "../model/principal.js";

/**
 * The ports of the documents feature: an {@link Embedder} turns text into vectors, a
 * {@link DocumentRetriever} finds the passages of a principal's documents that answer a query. Ingestion
 * (`ingestDocument`) uses the first, the `search_documents` tool the second.
 */

/** What an embedding is for: some models embed queries and passages differently. */
export type EmbeddingPurpose = "document" | "query";

/** Options of {@link Embedder.embed}. */
export interface EmbedOptions {
  purpose?: EmbeddingPurpose;
  signal?: AbortSignal;
}

/**
 * Text to vectors. Adapters: OpenAI embeddings (`createOpenAIEmbedder` in `@quarry/core/openai`), and a
 * deterministic hashing embedder for tests and benchmarks (`createHashEmbedder` in `@quarry/core/testing`).
 * With no embedder, retrieval is lexical only.
 */
export interface Embedder {
  /**
   * Names the model and its dimensions, e.g. `openai:text-embedding-3-small:1536`. Stored with a document's
   * chunks, so vectors of different embedders are never compared.
   */
  readonly id: string;
  /** One vector per text, in order. Throws a `QuarryError` (`LLM_UNAVAILABLE`, `ABORTED`, …). */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}

/** A passage found by a search, with where it is. */
export interface DocumentHit {
  documentId: string;
  fileName: string;
  chunkId: string;
  /** Position of the chunk in its document, from 0. */
  chunkIndex: number;
  /** 1-based page the passage starts on; null for formats without pages. */
  page: number | null;
  text: string;
  /** The fused (reciprocal-rank) score: higher is better. */
  score: number;
  /** 1-based rank in the lexical list; null when the lexical search did not return it. */
  lexicalRank: number | null;
  /** 1-based rank in the vector list; null when there was no vector search or it did not return it. */
  vectorRank: number | null;
}

/** Options of {@link DocumentRetriever.search}. */
export interface DocumentSearchOptions {
  /** The most hits to return; default 5. */
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Hybrid retrieval over a principal's documents: BM25 over chunks plus vector similarity when the chunks
 * have embeddings, fused by reciprocal rank. Only `processed` documents among `documentIds` that the
 * principal owns are searched; others' ids find nothing.
 */
export interface DocumentRetriever {
  search(
    principal: Principal,
    documentIds: readonly string[],
    query: string,
    options?: DocumentSearchOptions,
  ): Promise<DocumentHit[]>;
}

/** A document file handed to `quarry.documents.add`. */
export interface DocumentFile {
  fileName: string;
  bytes: Uint8Array;
  /** Declared media type; the content decides the format (a file whose extension lies is read as what it is). */
  mediaType?: string;
}

/** One file of a session's documents, as the HTTP API and the widget show it. */
export interface SessionDocumentFile {
  documentId: string;
  fileName: string;
  status: "processing" | "processed" | "failed";
  /** Chunks stored for it (0 until processed). */
  chunks: number;
  /** Pages, for paged formats once read. */
  pages: number | null;
  /** Why it failed. */
  error?: string;
}

/**
 * A session's documents: `ready` is true only when there is at least one document and every one is
 * `processed` (a failed file keeps it false until it is removed; the processed ones are searched anyway).
 */
export interface SessionDocuments {
  ready: boolean;
  files: SessionDocumentFile[];
}

/** `quarry.documents`: a session's documents. Every call is scoped by the principal like the rest of Quarry. */
export interface QuarryDocuments {
  /**
   * Ingests files and attaches them to the session. Each file ends `processed` or `failed` with a reason (a
   * bad file never throws); the result lists the files of this call, `ready` is the whole session's.
   */
  add(
    sessionId: string,
    files: readonly DocumentFile[],
    options?: { principal?: Principal; signal?: AbortSignal },
  ): Promise<SessionDocuments>;
  /** The session's documents and whether they are ready. */
  list(sessionId: string, options?: { principal?: Principal }): Promise<SessionDocuments>;
  /** Detaches a document from the session and deletes it with its chunks and file. */
  remove(sessionId: string, documentId: string, options?: { principal?: Principal }): Promise<void>;
  /** Searches the session's processed documents, as the `search_documents` tool does. */
  search(
    sessionId: string,
    query: string,
    options?: { principal?: Principal; limit?: number; signal?: AbortSignal },
  ): Promise<DocumentHit[]>;
}
