import type { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";
import { type AuditEntry, AuditInputSchema } from "../model/audit.js";
import {
  type Dataset,
  DatasetCreateSchema,
  type DatasetVersionInput,
  DatasetVersionInputSchema,
} from "../model/dataset.js";
import {
  type Chunk,
  ChunkInputSchema,
  type Document,
  DocumentCreateSchema,
  DocumentPatchSchema,
} from "../model/document.js";
import { type Feedback, FeedbackInputSchema } from "../model/feedback.js";
import { type Message, MessageAppendSchema, MessageEditSchema } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import { PrincipalSchema } from "../model/principal.js";
import {
  type Session,
  SessionCreateSchema,
  SessionPatchSchema,
  SessionRefsSchema,
} from "../model/session.js";
import { type SessionMemory, SessionMemoryInputSchema } from "../model/session-memory.js";
import type { StoreOptions } from "./clock.js";
import { parseInput } from "./validate.js";

/** The error for an id that is already taken. */
export function duplicateId(what: string, id: string): QuarryError {
  return new QuarryError("CONFLICT", `A ${what} with id ${JSON.stringify(id)} already exists.`);
}

/**
 * Builders shared by every Store adapter: they validate input and make the complete record, so adapters
 * differ only in how they persist it. Each returns a fresh object.
 */
export interface RecordContext extends Required<StoreOptions> {}

/** Validates a principal (every store call starts here). */
export function checkPrincipal(principal: Principal): Principal {
  return parseInput(PrincipalSchema, principal, "principal");
}

export function buildSession(principal: Principal, input: unknown, ctx: RecordContext): Session {
  const parsed = parseInput(SessionCreateSchema, input ?? {}, "session");
  const now = ctx.now().toISOString();
  return {
    id: parsed.id ?? ctx.generateId(),
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    title: parsed.title ?? "",
    datasetIds: unique(parsed.datasetIds ?? []),
    documentIds: unique(parsed.documentIds ?? []),
    pinned: parsed.pinned ?? false,
    archived: false,
    status: "idle",
    metadata: parsed.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

export type ParsedSessionPatch = z.output<typeof SessionPatchSchema>;

export function parseSessionPatch(patch: unknown): ParsedSessionPatch {
  return parseInput(SessionPatchSchema, patch, "session update");
}

export function applySessionPatch(session: Session, patch: ParsedSessionPatch, ctx: RecordContext): Session {
  return { ...session, ...definedOnly(patch), updatedAt: ctx.now().toISOString() };
}

/** Validates the ids of datasets and documents to attach or detach. */
export function parseRefs(refs: unknown): { datasetIds: string[]; documentIds: string[] } {
  const parsed = parseInput(SessionRefsSchema, refs, "session references");
  return { datasetIds: parsed.datasetIds ?? [], documentIds: parsed.documentIds ?? [] };
}

/** The session with the referenced datasets and documents attached (or detached), touched now. */
export function changeRefs<S extends Session>(
  session: S,
  refs: { datasetIds: string[]; documentIds: string[] },
  mode: "attach" | "detach",
  ctx: RecordContext,
): S {
  const [add, remove] = mode === "attach" ? [refs, null] : [null, refs];
  return {
    ...session,
    datasetIds: mergeRefs(session.datasetIds, add?.datasetIds ?? [], remove?.datasetIds ?? []),
    documentIds: mergeRefs(session.documentIds, add?.documentIds ?? [], remove?.documentIds ?? []),
    updatedAt: ctx.now().toISOString(),
  };
}

/** Adds and removes ids, keeping order and uniqueness. */
export function mergeRefs(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const removed = new Set(remove);
  return unique([...current, ...add]).filter((id) => !removed.has(id));
}

export type ParsedMessageAppend = z.output<typeof MessageAppendSchema>;

export function parseMessageAppend(input: unknown): ParsedMessageAppend {
  return parseInput(MessageAppendSchema, input, "message");
}

export function buildMessage(
  sessionId: string,
  seq: number,
  input: ParsedMessageAppend,
  ctx: RecordContext,
): Message {
  const now = ctx.now().toISOString();
  return {
    id: input.id ?? ctx.generateId(),
    sessionId,
    seq,
    role: input.role,
    parts: input.parts,
    replyTo: input.replyTo ?? null,
    edited: false,
    model: input.model ?? null,
    provider: input.provider ?? null,
    promptVersion: input.promptVersion ?? null,
    usage: input.usage ?? null,
    metadata: input.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

export type ParsedMessageEdit = z.output<typeof MessageEditSchema>;

export function parseMessageEdit(input: unknown): ParsedMessageEdit {
  return parseInput(MessageEditSchema, input, "message edit");
}

export function applyMessageEdit(message: Message, edit: ParsedMessageEdit, ctx: RecordContext): Message {
  return {
    ...message,
    parts: edit.parts ?? message.parts,
    edited: message.edited || edit.parts !== undefined,
    metadata: edit.metadata ?? message.metadata,
    updatedAt: ctx.now().toISOString(),
  };
}

export type ParsedFeedback = z.output<typeof FeedbackInputSchema>;

export function parseFeedback(input: unknown): ParsedFeedback {
  return parseInput(FeedbackInputSchema, input, "feedback");
}

export function buildFeedback(
  principal: Principal,
  sessionId: string,
  input: ParsedFeedback,
  previous: Feedback | null,
  ctx: RecordContext,
): Feedback {
  const now = ctx.now().toISOString();
  return {
    messageId: input.messageId,
    sessionId,
    userId: principal.userId,
    tenantId: principal.tenantId,
    rating: input.rating,
    comment: input.comment ?? null,
    correction: input.correction ?? null,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
}

export function buildDataset(principal: Principal, input: unknown, ctx: RecordContext): Dataset {
  const parsed = parseInput(DatasetCreateSchema, input, "dataset");
  const now = ctx.now().toISOString();
  return {
    id: parsed.id ?? ctx.generateId(),
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    name: parsed.name,
    tableName: parsed.tableName,
    format: parsed.format,
    rowCount: parsed.rowCount,
    sizeBytes: parsed.sizeBytes,
    columns: parsed.columns,
    glossary: parsed.glossary ?? [],
    suggestions: parsed.suggestions ?? [],
    blobKey: parsed.blobKey ?? null,
    sourceFileName: parsed.sourceFileName ?? null,
    metadata: parsed.metadata ?? {},
    version: 1,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function parseDatasetVersion(input: DatasetVersionInput): z.output<typeof DatasetVersionInputSchema> {
  return parseInput(DatasetVersionInputSchema, input, "dataset version");
}

export function buildDatasetVersion(
  latest: Dataset,
  input: z.output<typeof DatasetVersionInputSchema>,
  ctx: RecordContext,
): Dataset {
  const now = ctx.now().toISOString();
  return { ...latest, ...definedOnly(input), version: latest.version + 1, createdAt: now, updatedAt: now };
}

export function buildDocument(principal: Principal, input: unknown, ctx: RecordContext): Document {
  const parsed = parseInput(DocumentCreateSchema, input, "document");
  const now = ctx.now().toISOString();
  return {
    id: parsed.id ?? ctx.generateId(),
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    fileName: parsed.fileName,
    mediaType: parsed.mediaType,
    sizeBytes: parsed.sizeBytes,
    pageCount: null,
    chunkCount: 0,
    status: "processing",
    error: null,
    blobKey: parsed.blobKey ?? null,
    metadata: parsed.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

export function parseDocumentPatch(input: unknown): z.output<typeof DocumentPatchSchema> {
  return parseInput(DocumentPatchSchema, input, "document update");
}

export function applyDocumentPatch(
  document: Document,
  patch: z.output<typeof DocumentPatchSchema>,
  ctx: RecordContext,
): Document {
  return { ...document, ...definedOnly(patch), updatedAt: ctx.now().toISOString() };
}

export function buildChunks(documentId: string, inputs: readonly unknown[], ctx: RecordContext): Chunk[] {
  if (!Array.isArray(inputs)) parseInput(ChunkInputSchema.array(), inputs, "chunks");
  const parsed = inputs.map((input, i) => parseInput(ChunkInputSchema, input, `chunk ${i}`));
  const indexes = new Set(parsed.map((chunk) => chunk.index));
  if (indexes.size !== parsed.length) {
    throw new QuarryError("INVALID_INPUT", "Invalid chunks: two chunks have the same index.");
  }
  return parsed.map((chunk) => ({
    id: ctx.generateId(),
    documentId,
    index: chunk.index,
    page: chunk.page,
    text: chunk.text,
    embedding: chunk.embedding ?? null,
  }));
}

export function buildAudit(principal: Principal, input: unknown, ctx: RecordContext): AuditEntry {
  const parsed = parseInput(AuditInputSchema, input, "audit entry");
  return {
    id: ctx.generateId(),
    userId: principal.userId,
    tenantId: principal.tenantId,
    sessionId: parsed.sessionId ?? null,
    messageId: parsed.messageId ?? null,
    question: parsed.question ?? null,
    sql: parsed.sql ?? null,
    ok: parsed.ok,
    error: parsed.error ?? null,
    rowCount: parsed.rowCount ?? null,
    durationMs: parsed.durationMs,
    model: parsed.model ?? null,
    provider: parsed.provider ?? null,
    usage: parsed.usage ?? null,
    details: parsed.details ?? {},
    createdAt: ctx.now().toISOString(),
  };
}

export function buildMemory(sessionId: string, input: unknown, ctx: RecordContext): SessionMemory {
  const parsed = parseInput(SessionMemoryInputSchema, input, "session memory");
  return { sessionId, ...parsed, updatedAt: ctx.now().toISOString() };
}

/** The memory of a session that has none stored yet. */
export function emptyMemory(sessionId: string): SessionMemory {
  return { sessionId, summary: "", preferences: [], updatedAt: null };
}

/** True when the principal owns the record. */
export function owns(principal: Principal, record: { ownerId: string; tenantId: string }): boolean {
  return record.ownerId === principal.userId && record.tenantId === principal.tenantId;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Drops keys whose value is undefined, so a patch never erases a field it did not mention. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
