import { columnsWithConcepts } from "./column-match.js";
import { comparatives } from "./lexicon.js";
import { months } from "./name-lists.js";
import { type Reading, type Ref, refAfter, refBefore } from "./question-reading.js";
import type { Term } from "./question-terms.js";
import type { Condition } from "./sql-writer.js";
import { type ColumnInfo, isNumeric, isTemporal, type TableSchema } from "./table-schema.js";

type Op = "=" | "<>" | ">" | ">=" | "<" | "<=";

/** A condition on a date part whose date column is chosen once the query's table is known. */
export interface TimeFilter {
  part: "year" | "monthofyear" | "date";
  op: Op | "between";
  value: number | string;
  high?: number | string;
  /** The date column the question named next to it, if any. */
  column: ColumnInfo | undefined;
}

/** The filters of a question. */
export interface Filters {
  conditions: { condition: Condition; column: ColumnInfo; text: string }[];
  time: TimeFilter[];
  /** References the filters used up (they are not measures or groups). */
  used: Set<Ref>;
  /** Terms the filters used up (numbers, comparison words). */
  usedTerms: Set<number>;
}

const opWords: Record<string, Op> = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" };
const orMore = new Set(["more", "greater", "higher", "above", "gt", "larger", "over", "later"]);
const orLess = new Set(["less", "fewer", "lower", "below", "lt", "under", "smaller", "earlier"]);
const negations = new Set(["not", "excluding", "except", "non", "without", "besides"]);
const nullWords = new Set(["no", "without", "missing", "unknown", "null", "empty", "blank", "lacking"]);

/** Whether a number reads as a year. */
export function isYear(term: Term | undefined): boolean {
  const n = term?.number;
  return n !== undefined && Number.isInteger(n) && n >= 1900 && n <= 2100 && /^\d{4}$/.test(term?.raw ?? "");
}

function numericColumn(ref: Ref | undefined): ColumnInfo | undefined {
  if (ref?.kind !== "column") return undefined;
  return ref.mention.columns.find(isNumeric);
}

function label(column: ColumnInfo): string {
  return `\`${column.name}\``;
}

/**
 * Reads the question's filters: values of text columns (`Japanese cars`), comparisons (`more than 60`,
 * `at least 3`, `between 2 and 5`, `8 cylinders`), years, months and dates, and missing values
 * (`no recorded sex`). `involved` are the tables the question already touches, which decide between
 * columns holding the same value.
 */
export function readFilters(reading: Reading, involved: readonly TableSchema[]): Filters {
  const { terms } = reading;
  const out: Filters = { conditions: [], time: [], used: new Set(), usedTerms: new Set() };
  const word = (i: number) => terms[i]?.word ?? "";
  const involvedNames = new Set(involved.map((t) => t.name));

  // Values, one condition per column: two values of one column mean either of them.
  const byColumn = new Map<ColumnInfo, { values: string[]; negated: boolean }>();
  for (const ref of reading.refs) {
    if (ref.kind !== "value") continue;
    const options = ref.mention.options;
    const option = options.find((o) => involvedNames.has(o.column.table)) ?? options[0];
    if (!option) continue;
    const negated =
      negations.has(word(ref.start - 1)) ||
      (word(ref.start - 1) === "than" && word(ref.start - 2) === "other");
    const entry = byColumn.get(option.column) ?? { values: [], negated };
    if (!entry.values.includes(option.value)) entry.values.push(option.value);
    byColumn.set(option.column, entry);
    out.used.add(ref);
  }
  for (const [column, { values, negated }] of byColumn) {
    out.conditions.push({
      condition: { type: "in", expr: { type: "column", column }, values, negated },
      column,
      text: `${label(column)} ${negated ? "is not" : "is"} ${values.join(" or ")}`,
    });
  }

  const compare = (column: ColumnInfo, op: Op, value: number, high?: number) => {
    const expr = { type: "column" as const, column };
    const condition: Condition =
      high === undefined ? { type: "compare", expr, op, value } : { type: "between", expr, low: value, high };
    const text =
      high === undefined ? `${label(column)} ${op} ${value}` : `${label(column)} is from ${value} to ${high}`;
    out.conditions.push({ condition, column, text });
  };

  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    // between A and B
    if (
      t.word === "between" &&
      terms[i + 1]?.number !== undefined &&
      word(i + 2) === "and" &&
      terms[i + 3]?.number !== undefined
    ) {
      const low = terms[i + 1]?.number as number;
      const high = terms[i + 3]?.number as number;
      for (const k of [i, i + 1, i + 2, i + 3]) out.usedTerms.add(k);
      if (isYear(terms[i + 1]) && isYear(terms[i + 3])) {
        out.time.push({ part: "year", op: "between", value: low, high, column: undefined });
      } else {
        const column = numericColumn(refBefore(reading, i, 3, (r) => !!numericColumn(r)));
        if (column) compare(column, ">=", low, high);
      }
      continue;
    }
    let op = opWords[t.word];
    let concepts: string[] = [];
    let numberAt = i + 1;
    const comparative = comparatives[t.word];
    if (!op && comparative && word(i + 1) === "than") {
      op = comparative.op;
      concepts = comparative.concepts;
      numberAt = i + 2;
    }
    if (op) {
      const n = terms[numberAt];
      if (n?.number === undefined) continue;
      out.usedTerms.add(i).add(numberAt);
      if (isYear(n) && !numericColumn(refAfter(reading, numberAt + 1, 1))) {
        out.time.push({ part: "year", op, value: n.number, column: undefined });
        continue;
      }
      const after = refAfter(reading, numberAt + 1, 2, (r) => !!numericColumn(r));
      const before = refBefore(reading, i, 3, (r) => !!numericColumn(r));
      const ref = after ?? before;
      const column = numericColumn(ref) ?? columnsWithConcepts(involved, concepts).find(isNumeric);
      if (ref) out.used.add(ref);
      if (column) compare(column, op, n.number);
    }
  }

  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    if (out.usedTerms.has(i) || t.number === undefined) continue;
    // "3 or more"
    if (word(i + 1) === "or" && (orMore.has(word(i + 2)) || orLess.has(word(i + 2)))) {
      const op: Op = orMore.has(word(i + 2)) ? ">=" : "<=";
      const ref =
        refAfter(reading, i + 3, 2, (r) => !!numericColumn(r)) ??
        refBefore(reading, i, 3, (r) => !!numericColumn(r));
      const column = numericColumn(ref);
      if (column && ref) {
        out.usedTerms
          .add(i)
          .add(i + 1)
          .add(i + 2);
        out.used.add(ref);
        compare(column, op, t.number);
        continue;
      }
    }
    if (isYear(t)) {
      const prev = word(i - 1);
      // from 2012 to 2014
      const to = terms[i + 2];
      if (
        ["to", "through", "until", "and"].includes(word(i + 1)) &&
        isYear(to) &&
        to?.number !== undefined &&
        (prev === "from" || prev === "between")
      ) {
        out.usedTerms
          .add(i)
          .add(i + 1)
          .add(i + 2);
        out.time.push({ part: "year", op: "between", value: t.number, high: to.number, column: undefined });
        i += 2;
        continue;
      }
      const op = opAfter(prev);
      const month = months[word(i - 1)];
      out.usedTerms.add(i);
      if (month !== undefined) continue; // read with its month below
      const column = refBefore(
        reading,
        i,
        2,
        (r) => r.kind === "column" && r.mention.columns.some(isTemporal),
      );
      out.time.push({
        part: "year",
        op,
        value: t.number,
        column: column?.kind === "column" ? column.mention.columns.find(isTemporal) : undefined,
      });
      continue;
    }
    // "8 cylinders", "cylinders of 8", "cylinders = 8"
    const after = refAfter(reading, i + 1, 0, (r) => !!numericColumn(r));
    const before = ["of", "=", "is", "equal", "eq"].includes(word(i - 1))
      ? refBefore(reading, i - 1, 1, (r) => !!numericColumn(r))
      : undefined;
    const ref = after ?? before;
    const column = numericColumn(ref);
    if (column && ref) {
      out.usedTerms.add(i);
      out.used.add(ref);
      compare(column, "=", t.number);
    }
  }

  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    const month = months[t.word];
    if (month !== undefined && (t.word !== "may" || t.capital)) {
      out.usedTerms.add(i);
      out.time.push({ part: "monthofyear", op: "=", value: month, column: undefined });
      const year = terms[i + 1];
      if (isYear(year) && year?.number !== undefined) {
        out.usedTerms.add(i + 1);
        out.time.push({ part: "year", op: "=", value: year.number, column: undefined });
      }
    }
    if (t.isoDate) {
      const prev = word(i - 1);
      const op = opAfter(prev);
      out.usedTerms.add(i);
      out.time.push({ part: "date", op, value: t.isoDate, column: undefined });
    }
    if (nullWords.has(t.word)) {
      const ref = refAfter(reading, i + 1, 2, (r) => r.kind === "column");
      if (ref?.kind === "column" && !out.used.has(ref) && !between(reading, i, ref.start)) {
        const column = ref.mention.columns[0] as ColumnInfo;
        out.used.add(ref);
        out.conditions.push({
          condition: { type: "null", expr: { type: "column", column }, negated: false },
          column,
          text: `${label(column)} is missing`,
        });
      }
    }
  }
  // A yes/no column named on its own is a condition: "orders that were returned".
  for (const ref of reading.refs) {
    if (ref.kind !== "column" || out.used.has(ref) || ["by", "per", "each"].includes(word(ref.start - 1)))
      continue;
    const column = ref.mention.columns.find((c) => c.kind === "boolean");
    if (!column) continue;
    const negated = negations.has(word(ref.start - 1)) || word(ref.start - 1) === "no";
    out.used.add(ref);
    out.conditions.push({
      condition: {
        type: "compare",
        expr: { type: "column", column },
        op: "=",
        value: negated ? "false" : "true",
      },
      column,
      text: `${label(column)} is ${negated ? "false" : "true"}`,
    });
  }
  return out;
}

/** The comparison a word before a year or date asks for: `since 2014` is `>=`, `in 2014` is `=`. */
function opAfter(prev: string): Op {
  if (prev === "since") return ">=";
  if (prev === "after") return ">";
  if (prev === "before" || prev === "until") return "<";
  return "=";
}

/** Whether another reference sits between two term positions ("no X of Y" is about X, not Y). */
function between(reading: Reading, from: number, to: number): boolean {
  return reading.refs.some((r) => r.start > from && r.end <= to);
}
