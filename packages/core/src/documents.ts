/**
 * `@quarry/core/documents`: PDF, text and Markdown documents to page-aware chunks, embedders and hybrid
 * retrieval (BM25 plus vector similarity, fused by reciprocal rank) for page-cited answers.
 * @packageDocumentation
 */

export {
  createSessionDocuments,
  type IngestDocumentFile,
  type SessionDocumentsOptions,
  sessionDocumentFile,
} from "./chat/session-documents.js";
export {
  type ChunkingOptions,
  type ChunkPagesOptions,
  chunkPages,
  chunkSizeLimits,
  defaultChunking,
  resolveChunking,
} from "./documents/chunk-pages.js";
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
export {
  type DocumentSource,
  defaultMaxPages,
  type ExtractDocumentOptions,
  type ExtractedDocument,
  extractDocumentPages,
} from "./documents/extract-document-text.js";
export { type DocumentFormat, documentMediaTypes } from "./documents/extract-format.js";
export {
  createInProcessRetriever,
  type InProcessRetrieverOptions,
} from "./documents/in-process-retriever.js";
export {
  defaultMaxDocumentBytes,
  type IngestDocumentOptions,
  ingestDocument,
} from "./documents/ingest-document.js";
export {
  defaultReciprocalRankK,
  type FusedRank,
  type ReciprocalRankOptions,
  reciprocalRankFusion,
} from "./documents/reciprocal-rank.js";
