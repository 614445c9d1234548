import type { BlobStore } from "../blob/blob-store.js";
import { QuarryError } from "../errors/quarry-error.js";
import { limits, type Metadata } from "../model/common.js";
import type { ChunkInput, Document } from "../model/document.js";
import { type Principal, PrincipalSchema } from "../model/principal.js";
import type { Store } from "../store/store.js";
import { type ChunkingOptions, chunkPages, resolveChunking } from "./chunk-pages.js";
import type { DocumentFile, Embedder } from "./document-ports.js";
import { checkMaxPages } from "./extract-document-text.js";
import { documentMediaTypes, type SniffedDocument, sniffDocument } from "./extract-format.js";
import { embedChunks } from "./ingest-document-embed.js";
import { documentBlobKey } from "./ingest-document-key.js";
import { readPdfPages } from "./pdf-text.js";

/** Options of {@link ingestDocument}. */
export interface IngestDocumentOptions {
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  file: DocumentFile;
  /** Embeds the chunks for vector search; without one, the document is searched lexically only. */
  embedder?: Embedder;
  chunking?: ChunkingOptions;
  /** A larger file ends `failed` without being read or stored; default {@link defaultMaxDocumentBytes}. */
  maxBytes?: number;
  /** A PDF with more pages ends `failed`; default 2,000. */
  maxPages?: number;
  signal?: AbortSignal;
}

/** The default of {@link IngestDocumentOptions.maxBytes}: 50 MiB. */
export const defaultMaxDocumentBytes = 50 * 1024 * 1024;

/**
 * Ingests one PDF, text or Markdown file as a document of the principal: stores the original file in the
 * blob store (`tenants/{t}/users/{u}/documents/{id}/original`), creates the document (`processing`), reads
 * its text page by page, cuts it into page-aware chunks, embeds them when an embedder is given (its id goes
 * to `metadata.embedder`), stores the chunks and marks the document `processed` with its page count.
 *
 * A bad file never throws: the document ends `failed` with the reason in `error` and no chunks, and is
 * returned (an empty file, a damaged, password-protected or scanned PDF, too many pages, too many bytes,
 * binary that is neither PDF nor text). So does a failed embedding ("embedding failed: …"): vectors from
 * some chunks only would make the document half-searchable in a way nobody can see, while a failed document
 * says what happened and can be added again.
 *
 * @throws QuarryError `INVALID_INPUT` for bad arguments (before anything is stored); the store's or blob
 * store's error when they fail; `ABORTED` when the signal fires, after removing what it had stored (the
 * record, its chunks and the file), so a stopped add leaves the store as it was.
 * @example
 * ```ts
 * const doc = await ingestDocument({ store, blobs, principal, file: { fileName: "q3.pdf", bytes }, embedder });
 * if (doc.status === "failed") console.log(doc.error); // e.g. "the PDF is password-protected"
 * ```
 */
export async function ingestDocument(options: IngestDocumentOptions): Promise<Document> {
  const { store, blobs, file, signal } = options;
  const principal = checkPrincipal(options.principal);
  checkFile(file);
  const chunking = resolveChunking(options.chunking);
  const maxPages = checkMaxPages(options.maxPages);
  const maxBytes = checkMaxBytes(options.maxBytes);
  if (signal?.aborted) throw aborted();

  const id = crypto.randomUUID();
  const fileName = clampFileName(file.fileName);
  if (file.bytes.length > maxBytes) {
    const created = await store.documents.create(principal, {
      id,
      fileName,
      mediaType: clampMediaType(file.mediaType),
      sizeBytes: file.bytes.length,
      blobKey: null,
    });
    return fail(created, `the file is larger than ${formatBytes(maxBytes)}`);
  }

  const sniffed = sniff(file);
  const mediaType = "format" in sniffed ? documentMediaTypes[sniffed.format] : clampMediaType(file.mediaType);
  const blobKey = await documentBlobKey(principal, id);
  await blobs.put(blobKey, file.bytes, { contentType: mediaType });
  let document: Document;
  try {
    document = await store.documents.create(principal, {
      id,
      fileName,
      mediaType,
      sizeBytes: file.bytes.length,
      blobKey,
    });
  } catch (error) {
    await blobs.delete(blobKey).catch(() => {});
    throw error;
  }

  try {
    if (!("format" in sniffed)) return await fail(document, sniffed.reason);
    const pages =
      sniffed.format === "pdf"
        ? await readPdfPages(file.bytes, { maxPages, ...(signal ? { signal } : {}) })
        : [sniffed.text];
    const paged = sniffed.format === "pdf";
    let chunks: ChunkInput[] = chunkPages(pages, { ...chunking, paged });
    const metadata: Metadata = { ...document.metadata, format: sniffed.format, chunking: { ...chunking } };
    if (options.embedder) {
      const embedded = await embedChunks(options.embedder, chunks, signal);
      if (!embedded.ok) return await fail(document, embedded.reason);
      chunks = embedded.chunks;
      metadata.embedder = options.embedder.id;
    }
    if (signal?.aborted) throw aborted();
    await store.chunks.replace(principal, id, chunks);
    return await store.documents.update(principal, id, {
      status: "processed",
      error: null,
      pageCount: paged ? pages.length : null,
      metadata,
    });
  } catch (error) {
    if (signal?.aborted || QuarryError.is(error, "ABORTED")) {
      // The caller gave up on this file: a record nobody asked to keep would only be clutter, or an orphan.
      await store.documents.delete(principal, id).catch(() => {});
      await blobs.delete(blobKey).catch(() => {});
      throw QuarryError.is(error, "ABORTED") ? error : aborted(error);
    }
    // A bad PDF, or no PDF support installed: the user can act on either, so the document carries it.
    if (QuarryError.is(error, "INVALID_FILE") || QuarryError.is(error, "NOT_IMPLEMENTED")) {
      return fail(document, error.message);
    }
    // The store failed: leave no chunks behind, and say so if the store still answers.
    await store.chunks.replace(principal, id, []).catch(() => {});
    await fail(document, "the document could not be stored").catch(() => {});
    throw error;
  }

  function fail(target: Document, reason: string): Promise<Document> {
    return store.documents.update(principal, target.id, {
      status: "failed",
      error: reason.slice(0, 2_000),
    });
  }
}

/** The file's format, or why it cannot be read. */
function sniff(file: DocumentFile): SniffedDocument | { reason: string } {
  try {
    return sniffDocument(file);
  } catch (error) {
    if (QuarryError.is(error, "INVALID_FILE")) return { reason: error.message };
    throw error;
  }
}

function checkPrincipal(principal: Principal): Principal {
  const checked = PrincipalSchema.safeParse(principal);
  if (!checked.success) throw new QuarryError("INVALID_INPUT", "Invalid principal.");
  return checked.data;
}

function checkFile(file: DocumentFile): void {
  if (typeof file !== "object" || file === null || !(file.bytes instanceof Uint8Array)) {
    throw new QuarryError("INVALID_INPUT", "The file needs its bytes as a Uint8Array.");
  }
  if (typeof file.fileName !== "string" || file.fileName.trim() === "") {
    throw new QuarryError("INVALID_INPUT", "The file needs a name.");
  }
  if (file.mediaType !== undefined && typeof file.mediaType !== "string") {
    throw new QuarryError("INVALID_INPUT", "The file's media type must be a string.");
  }
}

function checkMaxBytes(maxBytes: number | undefined): number {
  if (maxBytes === undefined) return defaultMaxDocumentBytes;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new QuarryError("INVALID_INPUT", "maxBytes must be a whole number of at least 1.");
  }
  return maxBytes;
}

/** A name within the store's limit, keeping its extension (what the widget shows a user). */
function clampFileName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length <= limits.nameLength) return trimmed;
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(trimmed)?.[0] ?? "";
  return `${trimmed.slice(0, limits.nameLength - extension.length - 1)}…${extension}`;
}

function clampMediaType(mediaType: string | undefined): string {
  const value = mediaType?.trim();
  return value ? value.slice(0, limits.nameLength) : "application/octet-stream";
}

/** `50 MiB`, `1.5 KiB`, `900 bytes`. */
function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

function aborted(cause?: unknown): QuarryError {
  return new QuarryError("ABORTED", "The document ingest was aborted.", { cause });
}
