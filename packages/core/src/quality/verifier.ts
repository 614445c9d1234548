import { z } from "zod";
import { rowsForModel } from "../agent/tools/tool-results.js";
import type { QueryOptions, QueryResult, SqlEngine } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { LanguageModel, ModelUsage } from "../model-provider/language-model.js";

/**
 * The verifier: an optional second pass in which the model, asked without tools, checks that the answer's
 * final SQL answers the question and may propose a corrected statement. Its reply is strict JSON
 * `{ok, problem?, fixedSql?}`, read defensively: anything unreadable counts as "no objection", so the
 * verifier can only ever improve an answer, never break a turn. A proposed fix is not trusted either: it runs
 * through the engine's guard and limits like any other query, once (the pass is bounded to one call and one
 * fix), and is used only if it succeeds.
 */

/** What the verifier is shown. */
export interface VerifierInput {
  model: LanguageModel;
  question: string;
  sql: string;
  result: QueryResult;
  /** Rows of the result the model may see (the privacy setting); 0 shows only the result's shape. */
  modelRows: number;
  dialect: SqlEngine["dialect"];
  /** The session's tables as the turn's instructions describe them. */
  schema?: string;
  signal?: AbortSignal;
}

/** The verifier's judgement. */
export interface VerifierVerdict {
  /** False only when the model objected in readable JSON. */
  ok: boolean;
  problem?: string;
  /** A statement the model proposes instead, when it differs from the original. */
  fixedSql?: string;
  /** `checked` when the model replied in JSON; otherwise why its word was not taken. */
  status: "checked" | "unreadable" | "model-failed";
  usage: ModelUsage;
}

const ReplySchema = z.object({
  ok: z.boolean(),
  problem: z.string().max(2_000).optional().nullable(),
  fixedSql: z.string().max(100_000).optional().nullable(),
});

/** The system message of the verifier's call. */
export function verifierInstructions(dialect: SqlEngine["dialect"]): string {
  const name = dialect === "postgres" ? "PostgreSQL" : "DuckDB";
  return [
    "You review one SQL query that was written to answer a user's question about their data.",
    "Check that it answers exactly what was asked: the measure and its aggregate, the filters and time range, the grouping, the joins, and the sort and limit.",
    `Reply with one JSON object and nothing else: {"ok": true} when the query answers the question, or {"ok": false, "problem": "<one sentence>", "fixedSql": "<one corrected read-only SELECT in ${name} SQL>"} when it does not. Leave out fixedSql when you cannot fix it. Do not object to style, only to wrong answers.`,
  ].join("\n");
}

/** The user message of the verifier's call: the question, the SQL, the result's shape and (privacy allowing) rows. */
export function verifierRequest(input: Omit<VerifierInput, "model" | "signal">): string {
  const { result } = input;
  const columns = result.columns.map((c) => `${c.name} ${c.type}`).join(", ");
  const lines = [
    `Question: ${input.question}`,
    `SQL:\n${input.sql}`,
    `Result: ${result.rowCount} rows; columns ${columns}.`,
  ];
  if (input.modelRows > 0 && result.rows.length > 0) {
    lines.push(`First rows: ${JSON.stringify(rowsForModel(result.rows, Math.min(input.modelRows, 10)))}`);
  }
  if (input.schema) lines.push(`Tables:\n${input.schema}`);
  return lines.join("\n\n");
}

/** The JSON object in a reply that may wrap it in prose or a code fence. */
function jsonOf(text: string): unknown {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

const sameSql = (a: string, b: string) =>
  a.replace(/\s+/g, " ").replace(/;\s*$/, "").trim().toLowerCase() ===
  b.replace(/\s+/g, " ").replace(/;\s*$/, "").trim().toLowerCase();

/**
 * Asks the model whether the SQL answers the question. Never throws for what the model does (a failed call
 * or an unreadable reply is `ok`); throws `ABORTED` when the signal aborts.
 *
 * @example
 * ```ts
 * const verdict = await verifyAnswerSql({ model, question, sql, result, modelRows: 20, dialect: "duckdb" });
 * if (verdict.fixedSql) await applyVerifierFix(engine, verdict.fixedSql, limits);
 * ```
 */
export async function verifyAnswerSql(input: VerifierInput): Promise<VerifierVerdict> {
  const usage: ModelUsage = { inputTokens: 0, outputTokens: 0 };
  let text = "";
  let failed = false;
  for await (const part of input.model.doStream({
    messages: [
      { role: "system", content: verifierInstructions(input.dialect) },
      { role: "user", content: verifierRequest(input) },
    ],
    toolChoice: "none",
    temperature: 0,
    maxOutputTokens: 1_000,
    ...(input.signal ? { signal: input.signal } : {}),
  })) {
    if (part.type === "text-delta") text += part.delta;
    else if (part.type === "finish") {
      usage.inputTokens += part.usage.inputTokens;
      usage.outputTokens += part.usage.outputTokens;
    } else if (part.type === "error") failed = true;
  }
  if (input.signal?.aborted) throw new QuarryError("ABORTED", "The answer was stopped.");
  if (failed) return { ok: true, status: "model-failed", usage };
  const reply = ReplySchema.safeParse(jsonOf(text));
  if (!reply.success) return { ok: true, status: "unreadable", usage };
  const { ok, problem, fixedSql } = reply.data;
  const fix = !ok && fixedSql?.trim() && !sameSql(fixedSql, input.sql) ? fixedSql.trim() : undefined;
  return {
    ok,
    ...(!ok && problem ? { problem: problem.trim() } : {}),
    ...(fix ? { fixedSql: fix } : {}),
    status: "checked",
    usage,
  };
}

/** How a proposed fix went. */
export type VerifierFix =
  | { applied: true; sql: string; result: QueryResult }
  | { applied: false; error: QuarryError };

/**
 * Runs a proposed fix through the engine (its guard, timeout and row cap). A refused or failing fix is
 * reported, not thrown, so the original answer stands; only `ABORTED` propagates.
 */
export async function applyVerifierFix(
  engine: SqlEngine,
  sql: string,
  options: QueryOptions,
): Promise<VerifierFix> {
  try {
    return { applied: true, sql, result: await engine.query(sql, options) };
  } catch (error) {
    const failure = QuarryError.from(error, "QUERY_FAILED");
    if (failure.code === "ABORTED" || options.signal?.aborted) throw failure;
    return { applied: false, error: failure };
  }
}
