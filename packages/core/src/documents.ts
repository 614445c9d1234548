/**
 * `@quarry/core/documents`: PDF, text and Markdown documents to page-aware chunks, embedders and hybrid
 * retrieval (BM25 plus vector similarity, fused by reciprocal rank) for page-cited answers.
 * @packageDocumentation
 */
export type {
  DocumentFile,
  DocumentHit,
  DocumentRetriever,
  DocumentSearchOptions,
  Embedder,
  EmbeddingPurpose,
  EmbedOptions,
  QuarryDocuments,
  SessionDocumentFile,
  SessionDocuments,
} from "./documents/document-ports.js";
