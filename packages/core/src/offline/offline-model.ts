import type { LanguageModel, ModelCallOptions, ModelStreamPart } from "../model-provider/language-model.js";
import { abortedPart, modelErrorPart } from "../model-provider/model-errors.js";
import { answerSentence } from "./answer-sentence.js";
import type { TermConcepts } from "./column-match.js";
import { type CallPurpose, callId, type TurnState, turnState } from "./conversation-state.js";
import { documentAnswer } from "./document-answer.js";
import { routeQuestion } from "./document-route.js";
import { withGlossaryColumns } from "./glossary-columns.js";
import { extendedConcepts } from "./lexicon.js";
import { planQuery } from "./plan-query.js";
import type { Term } from "./question-terms.js";
import type { TableSchema } from "./table-schema.js";
import { unsureReply } from "./unsure-reply.js";

/** Options of {@link createOfflineModel}. */
export interface OfflineModelOptions {
  /**
   * Extra synonyms: a word of your users' questions → words of your column names, e.g.
   * `{ revenue: ["sales"], client: ["customer"] }`. They add to the built-in lexicon.
   */
  synonyms?: Record<string, readonly string[]>;
  /** At most this many tables are described (default 12); a wider session is answered from those. */
  maxTables?: number;
  /** Characters per streamed text part (default 24). */
  chunkSize?: number;
}

/** The most model calls a turn takes: list, describe, two probe rounds, the query, the answer. */
const maxSteps = 6;

type Call = { name: string; input: Record<string, unknown>; purpose: CallPurpose };

type Step =
  | { type: "tools"; calls: Call[] }
  /** `unsure` marks a reply that answers nothing, so the documents may be asked instead. */
  | { type: "text"; text: string; unsure?: boolean };

/**
 * A `LanguageModel` that answers common analytic questions without an LLM: a deterministic planner that
 * speaks the same tool protocol as a real model (`list_tables`, `describe_table`, `run_sql`), so the chat
 * pipeline, storage, charts and exports work unchanged. It reads the whole conversation on every call and
 * keeps no state.
 *
 * It understands counts, sums, averages, medians, minimums and maximums, distinct counts; filters on text
 * values (matched against the profile, or probed with `SELECT DISTINCT`), numeric comparisons, years, months
 * and dates (also dates stored as text); grouping by one or two columns and by time buckets; top-N and
 * "which X has the most Y"; missing values; and joins it confirms by value overlap. When it does not
 * understand a question it says so and suggests questions it can answer; it never guesses a query.
 *
 * When the session has documents (`search_documents` is offered) it answers questions about them
 * extractively: clauses that ask about a text ("what does the refund policy say…", "according to the
 * handbook…"), and questions the tables cannot answer, are searched, and the best 1 to 3 passages are quoted
 * with their citations (`“…” — policy.pdf, p. 4`). A question that needs both gets the table's sentence and
 * the quotes; when nothing relevant is found the answer opens with the fallback sentence.
 *
 * @example
 * ```ts
 * import { createOfflineModel } from "@quarry/core/offline";
 * const quarry = createQuarry({ store, blobs, principal, engine, model: createOfflineModel() });
 * for await (const event of quarry.chat(session.id, "Average horsepower by origin")) {
 *   if (event.type === "text-delta") process.stdout.write(event.delta);
 * }
 * ```
 */
export function createOfflineModel(options: OfflineModelOptions = {}): LanguageModel {
  const extra = extendedConcepts(options.synonyms ?? {});
  const conceptsOf: TermConcepts = (term: Term) => [term.concept, term.stem, ...(extra.get(term.word) ?? [])];
  const maxTables = Math.max(1, options.maxTables ?? 12);
  const chunkSize = Math.max(1, options.chunkSize ?? 24);
  return {
    provider: "offline",
    modelId: "offline-planner",
    doStream(call: ModelCallOptions): AsyncIterable<ModelStreamPart> {
      return stream(call, { conceptsOf, maxTables, chunkSize });
    },
  };
}

interface Config {
  conceptsOf: TermConcepts;
  maxTables: number;
  chunkSize: number;
}

async function* stream(call: ModelCallOptions, config: Config): AsyncGenerator<ModelStreamPart> {
  const aborted = () => call.signal?.aborted === true;
  if (aborted()) {
    yield abortedPart();
    return;
  }
  const canQuery = call.toolChoice !== "none" && (call.tools ?? []).some((t) => t.name === "run_sql");
  if (!canQuery) {
    yield modelErrorPart("LLM_ERROR", "The offline planner answers only through the data tools.", {
      retryable: false,
    });
    return;
  }
  let step: Step;
  try {
    step = nextStep(turnState(call.messages, call.tools), config);
  } catch (error) {
    yield modelErrorPart(
      "LLM_ERROR",
      `The offline planner failed: ${error instanceof Error ? error.message : String(error)}`,
      { retryable: false },
    );
    return;
  }
  const usage = { inputTokens: 0, outputTokens: 0 };
  if (step.type === "tools") {
    const state = turnState(call.messages, call.tools);
    for (const [index, c] of step.calls.entries()) {
      if (aborted()) {
        yield abortedPart();
        return;
      }
      yield {
        type: "tool-call",
        id: callId(state.steps, index, c.purpose),
        name: c.name,
        input: JSON.stringify(c.input),
      };
    }
    yield { type: "finish", finishReason: "tool-calls", usage };
    return;
  }
  for (const delta of chunks(step.text, config.chunkSize)) {
    // Between parts the consumer may have stopped the turn.
    await Promise.resolve();
    if (aborted()) {
      yield abortedPart();
      return;
    }
    yield { type: "text-delta", delta };
  }
  yield { type: "finish", finishReason: "stop", usage };
}

/** Text cut at spaces into parts of about `size` characters, as a model streams it. */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const piece of text.split(/(?<= )/)) {
    if (current.length > 0 && current.length + piece.length > size) {
      out.push(current);
      current = "";
    }
    current += piece;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Decides the turn's next step from its state. */
export function nextStep(state: TurnState, config: Config): Step {
  const question = state.question;
  if (!question?.trim()) return { type: "text", text: "Ask me a question about your data." };
  if (state.listed === undefined) {
    return { type: "tools", calls: [{ name: "list_tables", input: {}, purpose: "list" }] };
  }
  const names = state.listed.slice(0, config.maxTables);
  const missing = names.filter((n) => !state.described.has(n) && !state.describeAsked.has(n));
  if (missing.length > 0) {
    return {
      type: "tools",
      calls: missing.map((table) => ({
        name: "describe_table",
        input: { table },
        purpose: "describe" as const,
      })),
    };
  }
  const tables = names.flatMap((n) => {
    const t = state.described.get(n);
    return t ? [t] : [];
  });
  return state.canSearch
    ? documentsStep(state, config, tables, question)
    : tableStep(state, config, tables, question);
}

/** The next step of a question asked of the tables alone. */
function tableStep(state: TurnState, config: Config, tables: readonly TableSchema[], question: string): Step {
  const plan = planQuery({
    question,
    tables: withGlossaryColumns(tables),
    dialect: state.dialect,
    conceptsOf: config.conceptsOf,
    probes: state.probes,
  });
  if (state.final) return { type: "text", text: finalText(state, plan, tables) };
  const unsure = (reason: string): Step => ({
    type: "text",
    text: unsureReply(reason, tables),
    unsure: true,
  });
  if (plan.type === "unsure") return unsure(plan.reason);
  if (state.steps >= maxSteps - 1) return unsure("the question needed more look-ups than I allow myself.");
  if (plan.type === "probe") {
    const fresh = plan.sql.filter((sql) => !state.probes.has(sql));
    if (fresh.length === 0) return unsure("I could not check the data I needed.");
    return {
      type: "tools",
      calls: fresh.map((sql) => ({
        name: "run_sql",
        input: { sql, explore: true },
        purpose: "probe" as const,
      })),
    };
  }
  return { type: "tools", calls: [{ name: "run_sql", input: { sql: plan.sql }, purpose: "final" }] };
}

function searchCall(query: string): Call {
  return { name: "search_documents", input: { query: query.slice(0, 1_000) }, purpose: "search" };
}

/**
 * The next step when the session has documents too: clauses about a text are searched (alongside the
 * tables' first look-up), the rest planned as a query; a question the tables cannot answer is searched
 * whole. The answer joins the table's sentence and the quoted passages.
 */
function documentsStep(
  state: TurnState,
  config: Config,
  tables: readonly TableSchema[],
  question: string,
): Step {
  const route = routeQuestion(question, tables);
  const step = route.table === undefined ? undefined : tableStep(state, config, tables, route.table);
  const query =
    route.documents ?? (step === undefined || (step.type === "text" && step.unsure) ? question : undefined);
  if (query === undefined) return step as Step;
  const outcome = state.searches.get(query);
  if (!outcome) {
    const calls = step?.type === "tools" ? step.calls : [];
    return { type: "tools", calls: [searchCall(query), ...calls] };
  }
  if (step?.type === "tools") return step;
  const documents = documentAnswer(query, outcome);
  const parts =
    route.documents !== undefined
      ? [step?.text, documents.text] // the table's part, then the documents'
      : [documents.text, documents.fallback ? step?.text : undefined]; // the tables could not answer
  const body = parts.filter((part): part is string => part !== undefined).join("\n\n");
  return { type: "text", text: documents.fallback ? `${documents.fallback} ${body}` : body };
}

/** The answer once the final query ran: the sentence over its result, or why it failed. */
function finalText(
  state: TurnState,
  plan: ReturnType<typeof planQuery>,
  tables: readonly TableSchema[],
): string {
  const final = state.final;
  if (!final) return "";
  if ("error" in final.outcome) {
    return unsureReply(`the query I planned failed (${final.outcome.error}).`, tables);
  }
  if (plan.type !== "query" || plan.sql !== final.sql) return "The result is in the table below.";
  return answerSentence(plan.answer, {
    rows: final.outcome.rows,
    rowCount: final.outcome.rowCount ?? final.outcome.rows.length,
    hidden: final.outcome.hidden,
  });
}
