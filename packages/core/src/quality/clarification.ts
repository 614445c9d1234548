import { nameConcepts, type TermConcepts } from "../offline/column-match.js";
import { superlatives } from "../offline/lexicon.js";
import { readQuestion } from "../offline/question-reading.js";
import type { Term } from "../offline/question-terms.js";
import {
  type ColumnInfo,
  isNumeric,
  isTemporal,
  isUnique,
  type TableSchema,
} from "../offline/table-schema.js";
import { escapeRegExp } from "./reg-exp.js";

/**
 * The clarification gate: a question that could mean several different queries gets a short question back
 * with two to four options instead of a guess. Two cases, both read with the offline planner's own column
 * matching so that what counts as "equally plausible" is what the planner would have had to choose between:
 *
 * - columns: the question names a column only by words several columns of one table share equally well
 *   ("average temperature" with `temp_max` and `temp_min`), and nothing else picks one (a direction picks
 *   `temp_max` for "the highest temperature");
 * - metric: it ranks or judges without saying by what ("the top customers", "which product performs best",
 *   "growth by region" with no growth column), and no glossary term defines the word.
 */

/** One way to read an ambiguous question: a label and the full question it stands for. */
export interface ClarificationOption {
  label: string;
  question: string;
}

/** The question asked back. */
export interface Clarification {
  kind: "columns" | "metric";
  /** The words that were ambiguous, as the user wrote them. */
  term: string;
  /** The reply shown to the user: the question and the numbered options. */
  text: string;
  options: ClarificationOption[];
}

/** Options of {@link detectAmbiguity}. */
export interface ClarificationContext {
  /** The session's tables (see `plannerSchemas`). */
  tables: readonly TableSchema[];
  /** Business terms defined for the session's datasets: a question using one is not ambiguous about it. */
  glossaryTerms?: readonly string[];
  /** The concepts a question word may stand for; default the planner's built-in lexicon. */
  conceptsOf?: TermConcepts;
}

const maxOptions = 4;
const defaultConcepts: TermConcepts = (term: Term) => [term.concept, term.stem];
/** Words that judge or rank without a measure. */
const vagueWords = new Set(
  "best worst top bottom leading performance perform performs performing performed successful strongest weakest valuable important".split(
    " ",
  ),
);
/** Metrics people name that need a definition unless a column or glossary term gives one. */
const metricWords = new Set(
  "growth churn retention conversion margin profit profitability efficiency productivity engagement kpi roi".split(
    " ",
  ),
);
const aggregateOrCount =
  /\b(?:average|mean|avg|total|sum|median|maximum|max|minimum|min|count|number of|how many|how much)\b/i;
/** Measures averaged rather than summed when offered as an option. */
const averaged = /price|rate|score|age|pct|percent|ratio|temp|speed|delay|rating|hours|duration/i;
/** Names that read as the measure people mean by "best" or "top". */
const preferred = /amount|revenue|sales|total|profit|value|quantity|qty|price|score|units/i;

/**
 * Reads whether a question is ambiguous over the session's tables, and if so the question to ask back.
 *
 * @example
 * ```ts
 * detectAmbiguity("What is the average temperature?", { tables })?.options.map((o) => o.label);
 * // ["temp_max", "temp_min"]
 * ```
 */
export function detectAmbiguity(question: string, context: ClarificationContext): Clarification | undefined {
  const { tables } = context;
  if (tables.length === 0) return undefined;
  const glossary = (context.glossaryTerms ?? []).map((t) => t.toLowerCase());
  const lower = question.toLowerCase();
  const defined = (words: string) => glossary.some((term) => term.includes(words) || lower.includes(term));
  const reading = readQuestion(question, tables, context.conceptsOf ?? defaultConcepts);
  const raw = (start: number, end: number) =>
    reading.terms
      .slice(start, end)
      .map((t) => t.raw)
      .join(" ");

  const words = reading.terms.map((t) => t.word);
  for (const ref of reading.refs) {
    let candidates: readonly ColumnInfo[];
    if (ref.kind === "column") candidates = ref.mention.columns;
    else if (ref.kind === "time" && ref.column && ref.end - ref.start === 1) {
      // "by date" reads as a time bucket of the first date column; another column named alike ties with it.
      const concept = reading.terms[ref.start]?.concept ?? "";
      const table = tables.find((t) => t.name === ref.column?.table);
      candidates = (table?.columns ?? []).filter(
        (c) => isTemporal(c) && nameConcepts(c.name).includes(concept),
      );
    } else continue;
    const tied = tiedColumns(candidates, words);
    const term = raw(ref.start, ref.end);
    if (tied.length < 2 || defined(term.toLowerCase())) continue;
    const options = tied.slice(0, maxOptions).map((column) => ({
      label: column.name,
      question: replaceWords(question, term, column.name),
    }));
    return {
      kind: "columns",
      term,
      options,
      text: render(
        `"${term}" could mean ${orList(options.map((o) => o.label))}. Which one do you mean?`,
        options,
      ),
    };
  }

  const vague = reading.terms.find((t) => vagueWords.has(t.word) || metricWords.has(t.stem));
  if (!vague || defined(vague.word)) return undefined;
  const hasMeasure =
    aggregateOrCount.test(question) ||
    reading.refs.some((r) => r.kind === "column" && r.mention.columns.some(isNumeric)) ||
    reading.terms.some(
      (t) => (superlatives[t.word]?.concepts.length ?? 0) > 0 || superlatives[t.word]?.count,
    );
  const named =
    metricWords.has(vague.stem) &&
    tables.some((t) => t.columns.some((c) => nameConcepts(c.name).includes(vague.stem)));
  if (hasMeasure || named) return undefined;
  const options = metricOptions(question, tables, reading.refs.find((r) => r.kind === "table")?.table);
  if (options.length < 2) return undefined;
  return {
    kind: "metric",
    term: vague.raw,
    options,
    text: render(`What should "${vague.raw}" be measured by?`, options),
  };
}

/** The columns of one table a mention fits equally, unless a direction word picks one of them. */
function tiedColumns(columns: readonly ColumnInfo[], words: readonly string[]): ColumnInfo[] {
  const byTable = new Map<string, ColumnInfo[]>();
  for (const column of columns) byTable.set(column.table, [...(byTable.get(column.table) ?? []), column]);
  const group = [...byTable.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  if (group.length < 2) return [];
  const numeric = group.filter(isNumeric);
  if (numeric.length >= 2) {
    const dir = words.some((w) => superlatives[w]?.dir === "desc" || w === "max" || w === "maximum")
      ? "maximum"
      : words.some((w) => superlatives[w]?.dir === "asc" || w === "min" || w === "minimum")
        ? "minimum"
        : undefined;
    if (dir && numeric.some((c) => nameConcepts(c.name).includes(dir))) return [];
  }
  return group;
}

/** Measures to rank by: the subject table's numeric columns first, then a count of its rows. */
function metricOptions(
  question: string,
  tables: readonly TableSchema[],
  subject: string | undefined,
): ClarificationOption[] {
  const base = question.trim().replace(/[?.!]+$/, "");
  const ordered = [...tables].sort((a, b) => Number(b.name === subject) - Number(a.name === subject));
  const measures = ordered.flatMap((table) =>
    table.columns.filter(
      // An integer with a value per row is a key; a measure may well have one too.
      (c) =>
        isNumeric(c) &&
        !isTemporal(c) &&
        !(c.kind === "integer" && isUnique(c, table.rowCount)) &&
        !/(?:^|_|\b)id$/i.test(c.name),
    ),
  );
  measures.sort((a, b) => Number(preferred.test(b.name)) - Number(preferred.test(a.name)));
  const options: ClarificationOption[] = measures.slice(0, maxOptions - 1).map((column) => {
    const label = `${averaged.test(column.name) ? "average" : "total"} ${column.name}`;
    return { label, question: `${base} by ${label}` };
  });
  const counted = subject ?? ordered[0]?.name;
  if (counted) {
    const label = `number of ${counted}`;
    options.push({ label, question: `${base} by ${label}` });
  }
  return options;
}

/** The question with the ambiguous words replaced by a column's name. */
function replaceWords(question: string, term: string, name: string): string {
  const words = term.split(/\s+/).map(escapeRegExp);
  const pattern = new RegExp(words.join("[^\\p{L}\\p{N}]+"), "iu");
  return pattern.test(question) ? question.replace(pattern, name) : `${question} (${name})`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function render(ask: string, options: readonly ClarificationOption[]): string {
  return [ask, ...options.map((o, i) => `${i + 1}. ${o.question}`)].join("\n");
}

const ordinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  "1st": 1,
  "2nd": 2,
  "3rd": 3,
  "4th": 4,
};

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The option a reply to a clarification picks: its number ("2", "the second one"), its label ("temp_min"),
 * or its question; undefined when the reply picks none (it is then a new question).
 *
 * @example
 * ```ts
 * resolveClarificationReply("the second one", clarification.options)?.question;
 * ```
 */
export function resolveClarificationReply(
  reply: string,
  options: readonly ClarificationOption[],
): ClarificationOption | undefined {
  const text = normalize(reply)
    .replace(/^(?:the|option|number|no)\s+/, "")
    .replace(/\s+(?:one|option|please)$/, "");
  const index = /^\d$/.test(text) ? Number(text) : ordinals[text];
  if (index !== undefined) return options[index - 1];
  const exact = options.find((o) => normalize(o.label) === text || normalize(o.question) === text);
  if (exact) return exact;
  const containing = options.filter((o) => text.length >= 3 && text.includes(normalize(o.label)));
  return containing.length === 1 ? containing[0] : undefined;
}
