import type { BlobStore } from "../blob/blob-store.js";
import type {
  DocumentFile,
  DocumentHit,
  DocumentRetriever,
  Embedder,
  QuarryDocuments,
  SessionDocumentFile,
  SessionDocuments,
} from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { Document } from "../model/document.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { Store } from "../store/store.js";
import { sessionDocuments } from "./session-records.js";

/** What ingests one file into a document (`ingestDocument`): never throws for a bad file, ends it `failed`. */
export type IngestDocumentFile = (options: {
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  file: DocumentFile;
  embedder?: Embedder;
  chunking?: { size?: number; overlap?: number };
  maxBytes?: number;
  signal?: AbortSignal;
}) => Promise<Document>;

/** Options of {@link createSessionDocuments}. */
export interface SessionDocumentsOptions {
  store: Store;
  blobs: BlobStore;
  retriever: DocumentRetriever;
  ingest: IngestDocumentFile;
  embedder?: Embedder;
  chunking?: { size?: number; overlap?: number };
  maxBytes?: number;
  /** Passages a search returns when the caller names no limit. */
  searchLimit: number;
  /** Resolves a call's principal (the call's own, else the pipeline's default); throws `INVALID_INPUT`. */
  principalOf(given: Principal | undefined): Principal;
}

/** The most files one `add` call takes. */
const maxFilesPerCall = 100;
/** The most passages one search returns. */
export const maxSearchLimit = 50;
const maxQueryLength = 1_000;

/** A document as the HTTP API and the widget list it. */
export function sessionDocumentFile(document: Document): SessionDocumentFile {
  return {
    documentId: document.id,
    fileName: document.fileName,
    status: document.status,
    chunks: document.chunkCount,
    pages: document.pageCount,
    ...(document.error === null ? {} : { error: document.error }),
  };
}

function checkFiles(files: readonly DocumentFile[]): void {
  if (!Array.isArray(files) || files.length === 0) {
    throw new QuarryError("INVALID_INPUT", "No files: pass at least one document file.");
  }
  if (files.length > maxFilesPerCall) {
    throw new QuarryError("INVALID_INPUT", `At most ${maxFilesPerCall} files can be added at once.`);
  }
  for (const file of files) {
    const named = typeof file?.fileName === "string" && file.fileName.trim() !== "";
    if (!named || !(file.bytes instanceof Uint8Array)) {
      throw new QuarryError("INVALID_INPUT", "Every file needs a file name and its bytes (a Uint8Array).");
    }
  }
}

function checkQuery(query: string): string {
  if (typeof query !== "string" || query.trim() === "") {
    throw new QuarryError("INVALID_INPUT", "The search query is empty.");
  }
  if (query.length > maxQueryLength) {
    throw new QuarryError("INVALID_INPUT", `The search query is longer than ${maxQueryLength} characters.`);
  }
  return query;
}

function checkLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSearchLimit) {
    throw new QuarryError(
      "INVALID_INPUT",
      `limit must be an integer from 1 to ${maxSearchLimit}; got ${limit}.`,
    );
  }
  return limit;
}

/**
 * `quarry.documents`: a session's documents over the store, the blob store, an ingestion function and a
 * retriever. Each added file is ingested and attached at once, so a listing made while a batch runs shows
 * the files done so far. Another user's session (or document) is `NOT_FOUND`, as if it did not exist.
 */
export function createSessionDocuments(options: SessionDocumentsOptions): QuarryDocuments {
  const { store, blobs, retriever } = options;

  async function sessionOf(principal: Principal, sessionId: string): Promise<Session> {
    const session = typeof sessionId === "string" ? await store.sessions.get(principal, sessionId) : null;
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    return session;
  }

  function summary(documents: readonly Document[]): SessionDocuments {
    return {
      ready: documents.length > 0 && documents.every((d) => d.status === "processed"),
      files: documents.map(sessionDocumentFile),
    };
  }

  return {
    async add(sessionId, files, callOptions = {}) {
      const principal = options.principalOf(callOptions.principal);
      checkFiles(files);
      const session = await sessionOf(principal, sessionId);
      const added: Document[] = [];
      for (const file of files) {
        if (callOptions.signal?.aborted) throw new QuarryError("ABORTED", "Adding documents was stopped.");
        const document = await options.ingest({
          store,
          blobs,
          principal,
          file,
          ...(options.embedder ? { embedder: options.embedder } : {}),
          ...(options.chunking ? { chunking: options.chunking } : {}),
          ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        });
        await store.sessions.attach(principal, session.id, { documentIds: [document.id] });
        added.push(document);
      }
      const all = await sessionDocuments(store, principal, await sessionOf(principal, session.id));
      return { ready: summary(all).ready, files: added.map(sessionDocumentFile) };
    },

    async list(sessionId, callOptions = {}) {
      const principal = options.principalOf(callOptions.principal);
      const session = await sessionOf(principal, sessionId);
      return summary(await sessionDocuments(store, principal, session));
    },

    async remove(sessionId, documentId, callOptions = {}) {
      const principal = options.principalOf(callOptions.principal);
      const session = await sessionOf(principal, sessionId);
      if (typeof documentId !== "string" || !session.documentIds.includes(documentId)) {
        throw new QuarryError("NOT_FOUND", "No such document in this session.");
      }
      const document = await store.documents.get(principal, documentId);
      await store.sessions.detach(principal, session.id, { documentIds: [documentId] });
      if (!document) return;
      await store.documents.delete(principal, document.id);
      // The record is gone, so nothing points at the file any more: a failed delete only leaves garbage.
      if (document.blobKey) await blobs.delete(document.blobKey).catch(() => {});
    },

    async search(sessionId, query, callOptions = {}): Promise<DocumentHit[]> {
      const principal = options.principalOf(callOptions.principal);
      checkQuery(query);
      const limit = checkLimit(callOptions.limit, options.searchLimit);
      const session = await sessionOf(principal, sessionId);
      if (session.documentIds.length === 0) return [];
      return retriever.search(principal, session.documentIds, query, {
        limit,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
    },
  };
}
