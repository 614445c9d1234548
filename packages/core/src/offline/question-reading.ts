import {
  type ColumnMention,
  findColumnMentions,
  findTableMentions,
  type TermConcepts,
} from "./column-match.js";
import {
  aggregateWords,
  comparatives,
  countWords,
  rowWords,
  stopwords,
  superlatives,
  type TimeUnit,
  timeWords,
  unitWords,
} from "./lexicon.js";
import { months, verbWords } from "./name-lists.js";
import { nameTerms, questionTerms, type Term } from "./question-terms.js";
import { type ColumnInfo, isTemporal, type TableSchema } from "./table-schema.js";
import { findValueMentions, type ValueMention } from "./value-match.js";

/** Something the question refers to, at terms `[start, end)`. */
export type Ref =
  | { kind: "column"; start: number; end: number; mention: ColumnMention }
  | { kind: "table"; start: number; end: number; table: string }
  | { kind: "value"; start: number; end: number; mention: ValueMention }
  /** A time bucket word (`year`, `month of the year`), with the date column it names, if it names one. */
  | { kind: "time"; start: number; end: number; unit: TimeUnit; column: ColumnInfo | undefined }
  /** `records`, `rows`: the rows of whichever table is meant. */
  | { kind: "rows"; start: number; end: number };

/** A question read against the session's tables. */
export interface Reading {
  terms: Term[];
  refs: Ref[];
  /** Terms no reference or cue explains, which may be values the profile does not list. */
  unknown: number[];
}

/** Words the planner reads as instructions rather than as names. */
const cueWords = new Set([
  ...Object.keys(aggregateWords),
  ...Object.keys(superlatives),
  ...Object.keys(comparatives),
  ...Object.keys(timeWords),
  ...Object.keys(months),
  ...countWords,
  ...rowWords,
  ...[...rowWords].map((w) => `${w}s`),
  "gt",
  "gte",
  "lt",
  "lte",
  "eq",
  "howmuch",
  "top",
  "bottom",
  "than",
  "not",
  "without",
  "missing",
  "unknown",
  "null",
  "empty",
  "blank",
  "no",
  "distinct",
  "unique",
  "different",
  "since",
  "after",
  "before",
  "until",
  "through",
  "common",
  "frequent",
  "popular",
  "excluding",
  "except",
  "other",
  "more",
  "less",
  "fewer",
  "greater",
  "higher",
  "lower",
  "number",
  "many",
  "often",
  "there",
  "happen",
  "occur",
]);

/** Whether a term is a grammatical or instruction word the planner need not match to data. */
export function isCue(term: Term): boolean {
  return (
    stopwords.has(term.word) ||
    cueWords.has(term.word) ||
    cueWords.has(term.stem) ||
    unitWords.has(term.word) ||
    verbWords.has(term.word) ||
    term.number !== undefined ||
    term.isoDate !== undefined
  );
}

/** Words after which a term measures something: "total rain", "the most rain", "how much rain". */
const measureCues = new Set([
  ...Object.keys(aggregateWords),
  ...Object.keys(superlatives),
  ...countWords,
  ...["howmuch", "no", "without", "zero"],
]);

/**
 * Terms that are a stored value word for word while a column matches them only as a synonym ("days that had
 * rain": the weather `rain`, not `precipitation`). After an aggregate or superlative the column wins.
 */
function valuesBeforeSynonyms(
  terms: readonly Term[],
  tables: readonly TableSchema[],
  claimed: readonly boolean[],
) {
  const held: number[] = [];
  const text = tables.flatMap((t) => t.columns.filter((c) => c.kind === "string" && !c.dateFormat));
  const nameWords = new Set(
    tables.flatMap((t) => t.columns.flatMap((c) => nameTerms(c.name).map((n) => n.word))),
  );
  for (const [i, t] of terms.entries()) {
    if (claimed[i] || t.number !== undefined || stopwords.has(t.word) || nameWords.has(t.word)) continue;
    if (measureCues.has(terms[i - 1]?.word ?? "")) continue;
    if (text.some((c) => c.values.some((v) => v.trim().toLowerCase() === t.word))) held.push(i);
  }
  return held;
}

/**
 * Reads a question against the tables: the columns, tables, values and time buckets it names, in order.
 * Column names are matched before values, and values before table names, so `weather type` is the column
 * and `rainy` the value.
 */
export function readQuestion(
  question: string,
  tables: readonly TableSchema[],
  conceptsOf: TermConcepts,
  known: ReadonlyMap<ColumnInfo, readonly string[]> = new Map(),
): Reading {
  const terms = questionTerms(question);
  const claimed = terms.map(() => false);
  // A month name is a filter, not a column ("in March"); "may" only counts when capitalised.
  for (const [i, t] of terms.entries()) {
    if (months[t.word] !== undefined && (t.word !== "may" || t.capital)) claimed[i] = true;
  }
  const heldForValues = valuesBeforeSynonyms(terms, tables, claimed);
  for (const i of heldForValues) claimed[i] = true;
  const columns = findColumnMentions(terms, tables, claimed, conceptsOf);
  for (const i of heldForValues) claimed[i] = false;
  const values = findValueMentions(terms, tables, claimed, known);
  const tableRefs = findTableMentions(terms, tables, claimed);
  const refs: Ref[] = [];
  for (const mention of columns) {
    const term = terms[mention.start] as Term;
    const unit = timeWords[term.word];
    const temporal = mention.columns.find(isTemporal);
    // `by year` over a date column `Year` is a bucket of that column, not its raw dates.
    if (unit && temporal && mention.end - mention.start === 1) {
      refs.push({ kind: "time", start: mention.start, end: mention.end, unit, column: temporal });
    } else {
      refs.push({ kind: "column", start: mention.start, end: mention.end, mention });
    }
  }
  for (const mention of values) refs.push({ kind: "value", start: mention.start, end: mention.end, mention });
  for (const t of tableRefs) refs.push({ kind: "table", start: t.start, end: t.end, table: t.table });
  for (const [i, t] of terms.entries()) {
    if (claimed[i]) continue;
    const unit = timeWords[t.word];
    if (unit) {
      claimed[i] = true;
      refs.push({ kind: "time", start: i, end: i + 1, unit, column: undefined });
    } else if (rowWords.has(t.stem) && !/(?:ed|ing)$/.test(t.word)) {
      // "records" are rows; "recorded" is not.
      claimed[i] = true;
      refs.push({ kind: "rows", start: i, end: i + 1 });
    }
  }
  refs.sort((a, b) => a.start - b.start);
  const unknown = terms.flatMap((t, i) => (!claimed[i] && !isCue(t) ? [i] : []));
  return { terms, refs, unknown };
}

/** The first reference starting in `[from, from + within]` that passes `accept`. */
export function refAfter(
  reading: Reading,
  from: number,
  within: number,
  accept: (ref: Ref) => boolean = () => true,
): Ref | undefined {
  return reading.refs.find((r) => r.start >= from && r.start <= from + within && accept(r));
}

/** The last reference ending in `[to - within, to]` that passes `accept`. */
export function refBefore(
  reading: Reading,
  to: number,
  within: number,
  accept: (ref: Ref) => boolean = () => true,
): Ref | undefined {
  return [...reading.refs].reverse().find((r) => r.end <= to && r.end >= to - within && accept(r));
}
