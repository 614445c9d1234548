import type { AuditEntry, AuditInput, AuditListOptions } from "../model/audit.js";
import type { Dataset, DatasetCreate, DatasetVersionInput, GlossaryEntry } from "../model/dataset.js";
import type { Chunk, ChunkInput, Document, DocumentCreate, DocumentPatch } from "../model/document.js";
import type { Feedback, FeedbackInput } from "../model/feedback.js";
import type { Message, MessageAppend, MessageEdit, MessageListOptions } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { Session, SessionCreate, SessionListOptions, SessionPatch } from "../model/session.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";

/** A page of a listing; pass `nextCursor` back as `cursor` for the next page (null: no more). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Sessions of a principal. Listing order: pinned first, then most recently updated, then id.
 * Deleting a session deletes its messages, feedback and memory; audit entries are kept.
 */
export interface SessionRepository {
  create(principal: Principal, input?: SessionCreate): Promise<Session>;
  /** The session, or null when it does not exist or belongs to someone else. */
  get(principal: Principal, id: string): Promise<Session | null>;
  list(principal: Principal, options?: SessionListOptions): Promise<Page<Session>>;
  update(principal: Principal, id: string, patch: SessionPatch): Promise<Session>;
  /** Adds datasets and documents to the session (atomically; ids already present stay once). */
  attach(principal: Principal, id: string, refs: SessionRefs): Promise<Session>;
  /** Removes datasets and documents from the session. */
  detach(principal: Principal, id: string, refs: SessionRefs): Promise<Session>;
  delete(principal: Principal, id: string): Promise<void>;
}

/** Datasets and documents to attach to or detach from a session. */
export interface SessionRefs {
  datasetIds?: readonly string[];
  documentIds?: readonly string[];
}

/** Messages of a session, ordered by `seq`, which each append takes as the next number. */
export interface MessageRepository {
  append(principal: Principal, sessionId: string, input: MessageAppend): Promise<Message>;
  list(principal: Principal, sessionId: string, options?: MessageListOptions): Promise<Message[]>;
  get(principal: Principal, id: string): Promise<Message | null>;
  /** Replaces the parts (marking the message `edited`) and/or metadata. */
  edit(principal: Principal, id: string, edit: MessageEdit): Promise<Message>;
}

/** Feedback: one per message and user; a second upsert replaces the first. */
export interface FeedbackRepository {
  upsert(principal: Principal, input: FeedbackInput): Promise<Feedback>;
  /** The caller's feedback on a message. */
  get(principal: Principal, messageId: string): Promise<Feedback | null>;
  /** The caller's feedback in a session, or across all sessions with `rating`, newest first. */
  list(principal: Principal, options?: { sessionId?: string; rating?: "up" | "down" }): Promise<Feedback[]>;
}

/** Datasets: `get` and `list` give the latest version; soft-deleted datasets are hidden. */
export interface DatasetRepository {
  create(principal: Principal, input: DatasetCreate): Promise<Dataset>;
  /** The latest version, or the one asked for. */
  get(principal: Principal, id: string, options?: { version?: number }): Promise<Dataset | null>;
  /** Latest versions; `ids` restricts to those (e.g. a session's datasets). */
  list(principal: Principal, options?: { ids?: readonly string[] }): Promise<Dataset[]>;
  /** Every version, oldest first. */
  versions(principal: Principal, id: string): Promise<Dataset[]>;
  /** Makes version n+1 from the latest version with the given changes. */
  newVersion(principal: Principal, id: string, input: DatasetVersionInput): Promise<Dataset>;
  /** Replaces the glossary of the latest version. */
  setGlossary(principal: Principal, id: string, glossary: readonly GlossaryEntry[]): Promise<Dataset>;
  softDelete(principal: Principal, id: string): Promise<void>;
}

/** Documents of a principal; deleting one deletes its chunks. */
export interface DocumentRepository {
  create(principal: Principal, input: DocumentCreate): Promise<Document>;
  get(principal: Principal, id: string): Promise<Document | null>;
  list(principal: Principal, options?: { ids?: readonly string[] }): Promise<Document[]>;
  update(principal: Principal, id: string, patch: DocumentPatch): Promise<Document>;
  delete(principal: Principal, id: string): Promise<void>;
}

/** Chunks of documents. */
export interface ChunkRepository {
  /** Replaces the document's chunks with these, all or nothing, and sets its `chunkCount`. */
  replace(principal: Principal, documentId: string, chunks: readonly ChunkInput[]): Promise<Chunk[]>;
  /** Chunks of the given documents, by document then index. */
  list(principal: Principal, documentIds: readonly string[]): Promise<Chunk[]>;
}

/** The audit log: append-only, newest first. */
export interface AuditRepository {
  append(principal: Principal, input: AuditInput): Promise<AuditEntry>;
  list(principal: Principal, options?: AuditListOptions): Promise<Page<AuditEntry>>;
}

/** Per-session memory. */
export interface MemoryRepository {
  /** The session's memory (empty when nothing was stored yet). */
  get(principal: Principal, sessionId: string): Promise<SessionMemory>;
  put(principal: Principal, sessionId: string, input: SessionMemoryInput): Promise<SessionMemory>;
}

/**
 * The persistence port. Every call takes the caller's principal; records of another user or tenant behave
 * exactly as if they did not exist: reads give null or nothing, writes throw `NOT_FOUND`. Invalid input
 * throws `INVALID_INPUT` before anything is written, and a failed write leaves nothing half-written.
 *
 * Adapters: memory (`@quarry/core/memory`), Postgres over `pg` or PGlite (`@quarry/core/postgres`,
 * `@quarry/core/pglite`), IndexedDB (`@quarry/core/indexeddb`). Each passes `runStoreConformance`.
 */
export interface Store {
  readonly sessions: SessionRepository;
  readonly messages: MessageRepository;
  readonly feedback: FeedbackRepository;
  readonly datasets: DatasetRepository;
  readonly documents: DocumentRepository;
  readonly chunks: ChunkRepository;
  readonly audit: AuditRepository;
  readonly memory: MemoryRepository;
  /** Releases connections the store opened itself (not a client it was given). */
  close(): Promise<void>;
}
