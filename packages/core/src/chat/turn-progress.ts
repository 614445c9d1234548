import type { DocumentHit } from "../documents/document-ports.js";
import type { QueryResult, SqlEngine } from "../engine/sql-engine.js";
import type { ChatEvent, TurnStatus } from "../model/chat-event.js";
import type { Metadata } from "../model/common.js";
import type { Usage } from "../model/message.js";
import type { MessagePart, ToolPart } from "../model/message-part.js";
import { citationsPart } from "./answer-citations.js";
import { chartPart, sqlPart, tablePart, ungroundedNumbers } from "./answer-parts.js";
import type { TurnInput, TurnSettings } from "./turn-input.js";

/** What the turn has produced so far; a failed turn stores it with its error. */
export interface Progress {
  text: string;
  /** Sentences the quality review adds after the model's text (a fix applied, sanity notes). */
  notes: string[];
  toolParts: ToolPart[];
  answerParts: MessagePart[];
  /** A finished answer given back whole (a cache hit): stored as it is, nothing else built. */
  replayed: MessagePart[] | undefined;
  /** The last successful `run_sql`: the answer's SQL, table and chart come from it. */
  final: { sql: string; result: QueryResult } | undefined;
  results: QueryResult[];
  /** Every passage the turn's document searches returned. */
  hits: DocumentHit[];
  /** Searches run, and whether any found something relevant (else the answer opens with the fallback). */
  searches: number;
  relevant: boolean;
  /** Set once the answer's SQL, table and chart were built. */
  built: boolean;
  usage: Usage;
  dialect: SqlEngine["dialect"] | undefined;
  /** What the quality features put on the stored answer (confidence, clarification, …). */
  metadata: Metadata;
  /** The prompt version the answer records. */
  promptVersion: string | undefined;
  /** Set when the quality features answered (a declined request, a cache hit, a question asked back). */
  withoutModel: boolean;
}

/** A turn's progress before anything happened. */
export function newProgress(): Progress {
  return {
    text: "",
    notes: [],
    toolParts: [],
    answerParts: [],
    replayed: undefined,
    final: undefined,
    results: [],
    hits: [],
    searches: 0,
    relevant: false,
    built: false,
    usage: { inputTokens: 0, outputTokens: 0 },
    dialect: undefined,
    metadata: {},
    promptVersion: undefined,
    withoutModel: false,
  };
}

/**
 * The answer's SQL, table and (when asked) chart, from the last successful query, then the citations of the
 * passages found; once per turn.
 */
export async function buildAnswerParts(
  progress: Progress,
  settings: TurnSettings,
  withChart: boolean,
): Promise<void> {
  if (progress.built || progress.replayed) return;
  progress.built = true;
  const final = progress.final;
  if (final && progress.dialect) {
    progress.answerParts.push(sqlPart(final.sql, progress.dialect));
    progress.answerParts.push(tablePart(final.result, settings.tableRows));
    const chart = withChart ? await chartPart(final.result) : null;
    if (chart) progress.answerParts.push(chart);
  }
  const citations = citationsPart(progress.hits, progress.text);
  if (citations) progress.answerParts.push(citations);
}

export function status(value: TurnStatus): ChatEvent {
  return { type: "status", status: value };
}

/** The stored answer's parts: the trace, the text (and the review's notes), then the SQL, table and chart. */
export function answerParts(progress: Progress): MessagePart[] {
  if (progress.replayed) return progress.replayed;
  const parts: MessagePart[] = [...progress.toolParts];
  const text = [progress.text, ...progress.notes].filter((t) => t.trim() !== "").join("\n\n");
  if (text.trim() !== "") parts.push({ type: "text", text });
  parts.push(...progress.answerParts);
  return parts;
}

/** The stored answer's metadata: the quality features', and the numbers of the model's text no result supports. */
export function answerMetadata(input: TurnInput, progress: Progress): Metadata {
  if (progress.replayed) return progress.metadata;
  const ungrounded = ungroundedNumbers(progress.text, progress.results, input.questionText, progress.hits);
  return ungrounded ? { ...progress.metadata, ungrounded } : progress.metadata;
}
