import { columnsWithConcepts } from "./column-match.js";
import { comparatives } from "./lexicon.js";
import { type Reading, type Ref, refAfter, refBefore } from "./question-reading.js";
import type { Term } from "./question-terms.js";
import { readTimeFilters } from "./read-time-filters.js";
import { readMissingFilters, readTruthFilters, readValueFilters } from "./read-value-filters.js";
import type { Condition } from "./sql-writer.js";
import { type ColumnInfo, isNumeric, type TableSchema } from "./table-schema.js";

export type Op = "=" | "<>" | ">" | ">=" | "<" | "<=";

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

/** Whether a number reads as a year. */
export function isYear(term: Term | undefined): boolean {
  const n = term?.number;
  return n !== undefined && Number.isInteger(n) && n >= 1900 && n <= 2100 && /^\d{4}$/.test(term?.raw ?? "");
}

function numericColumn(ref: Ref | undefined): ColumnInfo | undefined {
  if (ref?.kind !== "column") return undefined;
  return ref.mention.columns.find(isNumeric);
}

/** A column as the answer's sentence names it. */
export function label(column: ColumnInfo): string {
  return `\`${column.name}\``;
}

/**
 * Reads the question's filters: values of text columns (`Japanese cars`), comparisons (`more than 60`,
 * `at least 3`, `between 2 and 5`, `8 cylinders`), years, months and dates, missing values
 * (`no recorded sex`) and yes/no columns (`returned orders`). `involved` are the tables the question already
 * touches, which decide between columns holding the same value.
 */
export function readFilters(reading: Reading, involved: readonly TableSchema[]): Filters {
  const out: Filters = { conditions: [], time: [], used: new Set(), usedTerms: new Set() };
  readValueFilters(reading, involved, out);
  readComparisons(reading, involved, out);
  readTimeFilters(reading, out);
  readMissingFilters(reading, out);
  readTruthFilters(reading, out);
  return out;
}

/** Numeric comparisons: `between 2 and 5`, `more than 60`, `heavier than 3000`, `3 or more`, `8 cylinders`. */
function readComparisons(reading: Reading, involved: readonly TableSchema[], out: Filters): void {
  const { terms } = reading;
  const word = (i: number) => terms[i]?.word ?? "";
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
    // between A and B (two years are a time filter, read with the dates)
    if (
      t.word === "between" &&
      terms[i + 1]?.number !== undefined &&
      word(i + 2) === "and" &&
      terms[i + 3]?.number !== undefined
    ) {
      if (isYear(terms[i + 1]) && isYear(terms[i + 3])) continue;
      const low = terms[i + 1]?.number as number;
      const high = terms[i + 3]?.number as number;
      for (const k of [i, i + 1, i + 2, i + 3]) out.usedTerms.add(k);
      const column = numericColumn(refBefore(reading, i, 3, (r) => !!numericColumn(r)));
      if (column) compare(column, ">=", low, high);
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
    if (isYear(t)) continue;
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
}
