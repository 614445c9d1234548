import type { ModelMessage, ModelTool } from "../model-provider/language-model.js";
import type { Passage, SearchOutcome } from "./document-answer.js";
import type { ProbeOutcome } from "./plan-query.js";
import { schemaFromDescribe, type TableSchema } from "./table-schema.js";
import type { Dialect } from "./text-dates.js";

/** What the final query returned, as the sentence needs it. */
export interface FinalResult {
  sql: string;
  outcome: ProbeOutcome & { rowCount?: number };
}

/**
 * Where the current turn stands, rebuilt from the conversation alone on every call: the offline model keeps
 * no state between calls, so a retried or resumed turn plans the same way.
 */
export interface TurnState {
  /** The question this turn answers: the last user message. */
  question: string | undefined;
  dialect: Dialect;
  /** Model calls already made this turn (assistant messages after the question). */
  steps: number;
  /** Table names from `list_tables`, once it ran. */
  listed: string[] | undefined;
  /** Tables from `describe_table`, by name. */
  described: Map<string, TableSchema>;
  /** Tables `describe_table` was asked for, answered or not (so a failing one is not asked again). */
  describeAsked: Set<string>;
  /** Probes run this turn, by their SQL. */
  probes: Map<string, ProbeOutcome>;
  /** The final query, once it ran. */
  final: FinalResult | undefined;
  /** Whether `search_documents` is offered (the session has documents). */
  canSearch: boolean;
  /** Document searches run this turn, by their query. */
  searches: Map<string, SearchOutcome>;
}

/** Ids of the offline model's tool calls say what each call was for, so its result can be read back. */
export type CallPurpose = "list" | "describe" | "probe" | "final" | "search";

/** A tool call id carrying its purpose. */
export function callId(step: number, index: number, purpose: CallPurpose): string {
  return `offline_${step}_${index}_${purpose}`;
}

function purposeOf(id: string): CallPurpose | undefined {
  const purpose = /^offline_\d+_\d+_(list|describe|probe|final|search)$/.exec(id)?.[1];
  return purpose as CallPurpose | undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A `run_sql` result as a probe outcome: its rows, whether the privacy setting hid them, or its error. */
export function sqlOutcome(
  content: string,
  isError: boolean | undefined,
): ProbeOutcome & { rowCount?: number } {
  const body = record(parse(content));
  const error = record(body?.error);
  if (isError || error || !body) return { error: String(error?.message ?? "The query failed.") };
  const rows = Array.isArray(body.rows) ? body.rows.filter(Array.isArray) : [];
  const rowCount = typeof body.rowCount === "number" ? body.rowCount : rows.length;
  const hidden = body.note !== undefined || (rows.length === 0 && rowCount > 0);
  return { rows, hidden, rowCount };
}

/** A `search_documents` result as the planner reads it: its passages and whether they are relevant, or its error. */
export function searchOutcome(content: string, isError: boolean | undefined): SearchOutcome {
  const body = record(parse(content));
  const error = record(body?.error);
  if (isError || error || !body) return { error: String(error?.message ?? "The search failed.") };
  const passages: Passage[] = [];
  for (const raw of Array.isArray(body.passages) ? body.passages : []) {
    const p = record(raw);
    if (typeof p?.fileName !== "string" || typeof p.text !== "string") continue;
    passages.push({ fileName: p.fileName, page: typeof p.page === "number" ? p.page : null, text: p.text });
  }
  return {
    passages,
    relevant: body.relevant !== false && passages.length > 0,
    fallback: typeof body.fallback === "string" ? body.fallback : undefined,
  };
}

/** The SQL dialect the tools name (the run_sql description), else the system message's. */
export function dialectOf(
  tools: readonly ModelTool[] | undefined,
  messages: readonly ModelMessage[],
): Dialect {
  const description = tools?.find((t) => t.name === "run_sql")?.description ?? "";
  if (description.includes("PostgreSQL")) return "postgres";
  if (description.includes("DuckDB")) return "duckdb";
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  return /SQL dialect:\s*PostgreSQL/i.test(system) ? "postgres" : "duckdb";
}

/** Reads the turn's state from the messages of a model call. */
export function turnState(messages: readonly ModelMessage[], tools?: readonly ModelTool[]): TurnState {
  const state: TurnState = {
    question: undefined,
    dialect: dialectOf(tools, messages),
    steps: 0,
    listed: undefined,
    described: new Map(),
    describeAsked: new Set(),
    probes: new Map(),
    final: undefined,
    canSearch: tools?.some((t) => t.name === "search_documents") ?? false,
    searches: new Map(),
  };
  let start = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === "user") {
      start = i;
      break;
    }
  }
  if (start < 0) return state;
  state.question = (messages[start] as { content: string }).content;
  const calls = new Map<string, { name: string; input: string }>();
  for (const message of messages.slice(start + 1)) {
    if (message.role === "assistant") {
      state.steps += 1;
      for (const call of message.toolCalls ?? []) {
        calls.set(call.id, { name: call.name, input: call.input });
        const table = record(parse(call.input))?.table;
        if (call.name === "describe_table" && typeof table === "string") state.describeAsked.add(table);
      }
      continue;
    }
    if (message.role !== "tool") continue;
    const call = calls.get(message.toolCallId);
    const purpose = purposeOf(message.toolCallId);
    if (message.toolName === "list_tables" && !message.isError) {
      const tables = record(parse(message.content))?.tables;
      state.listed = Array.isArray(tables)
        ? tables.flatMap((t) => (typeof record(t)?.name === "string" ? [record(t)?.name as string] : []))
        : [];
    } else if (message.toolName === "describe_table" && !message.isError) {
      const schema = schemaFromDescribe(parse(message.content));
      if (schema) state.described.set(schema.name, schema);
    } else if (message.toolName === "run_sql" && call) {
      const sql = String(record(parse(call.input))?.sql ?? "");
      const outcome = sqlOutcome(message.content, message.isError);
      if (purpose === "final") state.final = { sql, outcome };
      else state.probes.set(sql, outcome);
    } else if (message.toolName === "search_documents" && call) {
      const query = String(record(parse(call.input))?.query ?? "");
      state.searches.set(query, searchOutcome(message.content, message.isError));
    }
  }
  return state;
}
