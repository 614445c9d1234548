import { z } from "zod";
import { IdSchema, limits, MetadataSchema, PrincipalIdSchema, TimestampSchema } from "./common.js";

/** Where a document is in ingestion. */
export const DocumentStatusSchema = z.enum(["processing", "processed", "failed"]);

/** An uploaded PDF, text or Markdown file whose text answers questions. */
export const DocumentSchema = z.object({
  id: IdSchema,
  ownerId: PrincipalIdSchema,
  tenantId: PrincipalIdSchema,
  fileName: z.string().min(1).max(limits.nameLength),
  mediaType: z.string().max(limits.nameLength),
  sizeBytes: z.number().int().min(0),
  pageCount: z.number().int().min(0).nullable(),
  chunkCount: z.number().int().min(0),
  status: DocumentStatusSchema,
  /** Why ingestion failed. */
  error: z.string().max(2_000).nullable(),
  blobKey: z.string().max(1024).nullable(),
  metadata: MetadataSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** A document. */
export type Document = z.infer<typeof DocumentSchema>;

/** Input of `store.documents.create`; a new document is `processing`. */
export const DocumentCreateSchema = z.strictObject({
  id: IdSchema.optional(),
  fileName: DocumentSchema.shape.fileName,
  mediaType: DocumentSchema.shape.mediaType,
  sizeBytes: DocumentSchema.shape.sizeBytes,
  blobKey: DocumentSchema.shape.blobKey.optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.documents.create`. */
export type DocumentCreate = z.input<typeof DocumentCreateSchema>;

/** Input of `store.documents.update`. */
export const DocumentPatchSchema = z.strictObject({
  status: DocumentStatusSchema.optional(),
  error: DocumentSchema.shape.error.optional(),
  pageCount: DocumentSchema.shape.pageCount.optional(),
  metadata: MetadataSchema.optional(),
});

/** Input of `store.documents.update`. */
export type DocumentPatch = z.input<typeof DocumentPatchSchema>;

/** A passage of a document: the unit retrieval ranks and answers cite. */
export const ChunkSchema = z.object({
  id: IdSchema,
  documentId: IdSchema,
  /** Position of the chunk in its document, from 0. */
  index: z.number().int().min(0),
  /** 1-based page the chunk starts on; null for formats without pages. */
  page: z.number().int().min(1).nullable(),
  text: z.string().max(100_000),
  embedding: z.array(z.number()).max(8_192).nullable(),
});

/** A chunk. */
export type Chunk = z.infer<typeof ChunkSchema>;

/** Input of `store.chunks.add`. */
export const ChunkInputSchema = z.strictObject({
  index: ChunkSchema.shape.index,
  page: ChunkSchema.shape.page,
  text: ChunkSchema.shape.text,
  embedding: ChunkSchema.shape.embedding.optional(),
});

/** Input of `store.chunks.add`. */
export type ChunkInput = z.input<typeof ChunkInputSchema>;
