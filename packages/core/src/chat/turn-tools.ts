import { createDataTools, type DataToolAuditEntry } from "../agent/tools/data-tools.js";
import {
  createDocumentTools,
  type DocumentSearchAuditEntry,
  type DocumentTools,
} from "../agent/tools/document-tools.js";
import type { ToolOutcome } from "../agent/tools/tool-contract.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import type { AuditInput } from "../model/audit.js";
import { type Json, limits } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Document } from "../model/document.js";
import type { ModelTool } from "../model-provider/language-model.js";
import type { TurnInput } from "./turn-input.js";

/** The tools of one turn: the data tools, plus `search_documents` when the session has documents. */
export interface TurnTools {
  readonly definitions: ModelTool[];
  /** Whether `name` is the document search (its calls get the `retrieving` status and feed citations). */
  isSearch(name: string): boolean;
  call(name: string, rawInput: string): Promise<ToolOutcome>;
}

/** Builds a turn's tools over its engine, datasets and searchable documents. */
export function turnTools(
  input: TurnInput,
  engine: SqlEngine,
  datasets: readonly Dataset[],
  documents: readonly Document[],
): TurnTools {
  const { settings, signal, documents: search } = input;
  const data = createDataTools({
    engine,
    datasets,
    privacy: { modelRows: settings.modelRows },
    limits: { maxRows: settings.queryMaxRows, timeoutMs: settings.queryTimeoutMs },
    audit: (entry) => auditQuery(input, entry),
    ...(signal ? { signal } : {}),
  });
  let docs: DocumentTools | undefined;
  if (search && documents.length > 0) {
    const ids = documents.map((d) => d.id);
    docs = createDocumentTools({
      search: (query, options) => search.retriever.search(input.principal, ids, query, options),
      limit: search.searchLimit,
      fallback: search.fallback,
      audit: (entry) => auditSearch(input, entry),
      ...(signal ? { signal } : {}),
    });
  }
  return {
    definitions: docs ? [...data.definitions, ...docs.definitions] : data.definitions,
    isSearch: (name) => docs?.handles(name) ?? false,
    call: (name, rawInput) => (docs?.handles(name) ? docs.call(name, rawInput) : data.call(name, rawInput)),
  };
}

/** A tool's arguments as the trace shows them: parsed when they are JSON, else the raw text. */
export function toolInputForUser(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw.slice(0, 10_000);
  }
}

/** What every audit entry of a turn says about it: the session, the question and the model. */
export function auditBase(input: TurnInput) {
  return {
    sessionId: input.session.id,
    messageId: input.question.id,
    question: input.questionText,
    model: input.model.modelId.slice(0, limits.nameLength),
    provider: input.model.provider.slice(0, limits.nameLength),
  } satisfies Partial<AuditInput>;
}

async function auditQuery(input: TurnInput, entry: DataToolAuditEntry): Promise<void> {
  await input.store.audit.append(input.principal, {
    ...auditBase(input),
    sql: entry.sql,
    ok: entry.ok,
    error: entry.error,
    rowCount: entry.rowCount,
    durationMs: entry.durationMs,
    // Which quality features shaped the query (a follow-up, examples, schema focus, …).
    ...(input.auditDetails && Object.keys(input.auditDetails).length > 0
      ? { details: { ...input.auditDetails } }
      : {}),
  });
}

/** A search is audited like a query: no SQL, the query and the passages found in `details`. */
async function auditSearch(input: TurnInput, entry: DocumentSearchAuditEntry): Promise<void> {
  await input.store.audit.append(input.principal, {
    ...auditBase(input),
    sql: null,
    ok: entry.ok,
    error: entry.error,
    rowCount: null,
    durationMs: entry.durationMs,
    details: { tool: "search_documents", query: entry.query, hits: entry.hitCount },
  });
}
