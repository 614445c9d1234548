import { columnsWithConcepts, nameConcepts } from "./column-match.js";
import {
  type Agg,
  aggregateWords,
  countWords,
  lowerIsBetter,
  type Superlative,
  superlatives,
  type TimeUnit,
} from "./lexicon.js";
import { type Reading, type Ref, refAfter } from "./question-reading.js";
import type { Filters } from "./read-filters.js";
import { isYear } from "./read-filters.js";
import { countMeasure, isNumericRef, type Measure, pickMeasure, supMeasure } from "./read-measure.js";
import { type ColumnInfo, isCategorical, isNumeric, isTemporal, type TableSchema } from "./table-schema.js";

/** A grouping key: a column, or a time bucket of a date column (chosen later when the question names none). */
export type GroupKey =
  | { type: "column"; column: ColumnInfo }
  | { type: "time"; unit: TimeUnit; column: ColumnInfo | undefined }
  /** The rows of a table, named by its label column ("each stock"). */
  | { type: "entity"; table: string };

/** What the question asks for, before tables are joined and SQL written. */
export interface Intent {
  measure: Measure | undefined;
  /** True when the aggregate was asked for in words (`average`), not implied by a superlative. */
  explicitAgg: boolean;
  groups: GroupKey[];
  /** For "which X …" and "top N X": what is ranked, how many, which way. */
  rank: { subject: GroupKey; limit: number; dir: "asc" | "desc" } | undefined;
  /** Filled when the question is beyond the planner: why. */
  problem: string | undefined;
  /** Terms the intent used up (numbers of `top 5`). */
  usedTerms: Set<number>;
}

const groupCues = new Set(["by", "per", "each", "every"]);

function groupKeyOf(ref: Ref, rowCounts: ReadonlyMap<string, number>): GroupKey | "measure" | undefined {
  if (ref.kind === "time") return { type: "time", unit: ref.unit, column: ref.column };
  if (ref.kind === "table") return { type: "entity", table: ref.table };
  if (ref.kind !== "column") return undefined;
  const columns = ref.mention.columns;
  const rows = (c: ColumnInfo) => rowCounts.get(c.table) ?? 0;
  const category = columns.find((c) => isCategorical(c, rows(c)));
  if (category) return { type: "column", column: category };
  const temporal = columns.find(isTemporal);
  if (temporal) return { type: "time", unit: "day", column: temporal };
  if (columns.some(isNumeric)) return "measure";
  return { type: "column", column: columns[0] as ColumnInfo };
}

/**
 * Reads what the question asks for: the measure and its aggregate (`average price`, `how many`, `the most
 * flights`), the groups (`by origin`, `per species and sex`, `for each month of the year`), and rankings
 * (`which island has the most penguins`, `top 5 destinations by number of flights`, `the 3 heaviest cars`).
 */
export function readIntent(reading: Reading, filters: Filters, tables: readonly TableSchema[]): Intent {
  const { terms } = reading;
  const word = (i: number) => terms[i]?.word ?? "";
  const rowCounts = new Map(tables.map((t) => [t.name, t.rowCount]));
  const used = new Set<Ref>(filters.used);
  const usedTerms = new Set<number>();
  const inRef = (i: number) => reading.refs.some((r) => r.kind === "column" && i >= r.start && i < r.end);
  const free = (r: Ref) => !used.has(r) && r.kind !== "value";
  const intent: Intent = {
    measure: undefined,
    explicitAgg: false,
    groups: [],
    rank: undefined,
    problem: undefined,
    usedTerms,
  };
  let byMeasure: Ref | "count" | undefined;

  for (let i = 0; i < terms.length; i++) {
    if (!groupCues.has(word(i))) continue;
    if (countWords.has(word(i + 1)) || aggregateWords[word(i + 1)]) {
      byMeasure = countWords.has(word(i + 1)) ? "count" : refAfter(reading, i + 2, 2, isNumericRef);
      continue;
    }
    let ref = refAfter(reading, i + 1, 2, free);
    while (ref) {
      const key = groupKeyOf(ref, rowCounts);
      used.add(ref);
      if (key === "measure") {
        byMeasure = ref;
        break;
      }
      if (key) intent.groups.push(key);
      ref = word(ref.end) === "and" ? refAfter(reading, ref.end + 1, 1, free) : undefined;
    }
  }

  // Rankings: "which/what X", "top/bottom N X", "the N heaviest X".
  let rank:
    | { subjectRef: Ref | undefined; limit: number | undefined; dir: "asc" | "desc" | undefined; at: number }
    | undefined;
  for (let i = 0; i < terms.length && !rank; i++) {
    const w = word(i);
    if (w === "which" || (w === "what" && !["is", "was", "are", "were", "s"].includes(word(i + 1)))) {
      let j = i + 1;
      const n = terms[j]?.number;
      if (n !== undefined && !isYear(terms[j])) {
        usedTerms.add(j);
        j += 1;
      }
      const subjectRef = refAfter(reading, j, 3, (r) => free(r) && r.kind !== "rows");
      if (subjectRef) rank = { subjectRef, limit: n ?? 1, dir: undefined, at: i };
    } else if (w === "top" || w === "bottom") {
      const n = terms[i + 1]?.number;
      if (n !== undefined) usedTerms.add(i + 1);
      const subjectRef = refAfter(
        reading,
        i + (n === undefined ? 1 : 2),
        2,
        (r) => free(r) && r.kind !== "rows",
      );
      rank = { subjectRef, limit: n ?? 10, dir: w === "top" ? "desc" : "asc", at: i };
    } else if (terms[i]?.number !== undefined && !filters.usedTerms.has(i) && !isYear(terms[i])) {
      const next = terms[i + 1];
      const subjectRef = refAfter(
        reading,
        i + 1,
        superlatives[next?.word ?? ""] ? 2 : 0,
        (r) => free(r) && r.kind !== "rows",
      );
      if (subjectRef && (superlatives[next?.word ?? ""] || subjectRef.start === i + 1)) {
        usedTerms.add(i);
        rank = { subjectRef, limit: terms[i]?.number, dir: undefined, at: i };
      }
    }
  }
  if (rank?.subjectRef) used.add(rank.subjectRef);

  // The superlative after the subject (or anywhere): its direction and what it measures.
  const sups = terms.flatMap((t, i) =>
    superlatives[t.word] && t.word !== "top" && t.word !== "bottom" && !inRef(i)
      ? [{ i, sup: superlatives[t.word] as Superlative }]
      : [],
  );
  const sup = sups.find((s) => !rank || s.i > rank.at) ?? sups[0];

  // The measure.
  const aggAt = terms.findIndex((t, i) => aggregateWords[t.word] !== undefined && !inRef(i));
  const countAt = terms.findIndex((t) => countWords.has(t.word));
  const dir = sup?.sup.dir ?? rank?.dir;
  if (aggAt >= 0) {
    const agg = aggregateWords[word(aggAt)] as Agg;
    const numericFree = (r: Ref) => isNumericRef(r) && !used.has(r);
    // "average price", else "price on average", else what a superlative implies ("lightest … on average").
    const ref =
      refAfter(reading, aggAt + 1, 4, numericFree) ??
      [...reading.refs].reverse().find((r) => r.end <= aggAt && numericFree(r));
    const columns =
      ref?.kind === "column"
        ? ref.mention.columns
        : columnsWithConcepts(tables, sup?.sup.concepts ?? []).filter(isNumeric);
    const column = pickMeasure(columns, agg === "min" ? "asc" : agg === "max" ? "desc" : undefined);
    if (!column) {
      intent.problem = `I could not tell which column to take the ${word(aggAt)} of.`;
      return intent;
    }
    if (ref) used.add(ref);
    intent.measure = { agg, column, distinct: false, table: undefined };
    intent.explicitAgg = true;
  } else if (countAt >= 0) {
    intent.measure = countMeasure(reading, countAt, free, rowCounts);
    intent.explicitAgg = true;
  } else if (byMeasure !== undefined || sup) {
    intent.measure = supMeasure(reading, sup?.i, sup?.sup, byMeasure, used, tables);
  } else {
    const consumed = reading.refs.find((r) => r.kind === "column" && r.mention.aggregate && !used.has(r));
    if (consumed?.kind === "column" && consumed.mention.aggregate) {
      intent.measure = {
        agg: consumed.mention.aggregate,
        column: pickMeasure(consumed.mention.columns, undefined),
        distinct: false,
        table: undefined,
      };
    }
  }

  if (rank?.subjectRef) {
    const subject = groupKeyOf(rank.subjectRef, rowCounts);
    const key: GroupKey | undefined =
      subject === "measure"
        ? {
            type: "column",
            column: (rank.subjectRef as Extract<Ref, { kind: "column" }>).mention.columns[0] as ColumnInfo,
          }
        : subject;
    if (key) {
      let d = dir ?? "desc";
      const quality = sup?.sup.quality && intent.measure?.column;
      if (
        quality &&
        intent.measure?.column &&
        nameConcepts(intent.measure.column.name).some((c) => lowerIsBetter.has(c))
      ) {
        d = d === "desc" ? "asc" : "desc";
      }
      intent.rank = { subject: key, limit: rank.limit ?? 1, dir: d };
      intent.measure ??= { agg: "count", column: undefined, distinct: false, table: undefined };
    }
  } else if (intent.measure?.column && !intent.explicitAgg && sup) {
    // "What was the highest temperature": a superlative without a subject is an aggregate.
    const column = intent.measure.column;
    intent.measure = {
      ...intent.measure,
      agg: sup.sup.dir === "desc" ? "max" : "min",
      column: pickMeasure(columnsOfRef(reading, column) ?? [column], sup.sup.dir) ?? column,
    };
  }
  return intent;
}

/** All the columns of the mention a column came from (so the direction can choose among them). */
function columnsOfRef(reading: Reading, column: ColumnInfo): ColumnInfo[] | undefined {
  const ref = reading.refs.find((r) => r.kind === "column" && r.mention.columns.includes(column));
  return ref?.kind === "column" ? ref.mention.columns : undefined;
}
