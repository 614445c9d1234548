import { columnsWithConcepts, nameConcepts } from "./column-match.js";
import { type Agg, aggregateWords, countWords, lowerIsBetter } from "./lexicon.js";
import { type Reading, type Ref, refAfter } from "./question-reading.js";
import type { Filters } from "./read-filters.js";
import { type GroupKey, groupKeyOf, readGroups } from "./read-groups.js";
import { countMeasure, isNumericRef, type Measure, pickMeasure, supMeasure } from "./read-measure.js";
import { readRank, readSuperlatives } from "./read-rank.js";
import { type ColumnInfo, isNumeric, type TableSchema } from "./table-schema.js";

export type { GroupKey } from "./read-groups.js";

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
  const grouped = readGroups(reading, used, free, rowCounts);
  intent.groups.push(...grouped.groups);
  const byMeasure = grouped.byMeasure;

  // Rankings: "which/what X", "top/bottom N X", "the N heaviest X", "what is the lightest car".
  const rank = readRank(reading, free, filters.usedTerms, usedTerms);
  if (rank?.subjectRef) used.add(rank.subjectRef);

  // The superlative after the subject (or anywhere): its direction and what it measures.
  const sups = readSuperlatives(reading, inRef);
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

  // A glossary metric named on its own ("revenue by region") is the measure: it aggregates by itself.
  const metric = intent.measure
    ? undefined
    : reading.refs.find((r) => r.kind === "column" && !used.has(r) && r.mention.columns.some(isMetric));
  if (metric?.kind === "column") {
    used.add(metric);
    intent.measure = {
      agg: "sum",
      column: metric.mention.columns.find(isMetric),
      distinct: false,
      table: undefined,
    };
    intent.explicitAgg = true;
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

function isMetric(column: ColumnInfo): boolean {
  return column.expression?.aggregate === true;
}

/** All the columns of the mention a column came from (so the direction can choose among them). */
function columnsOfRef(reading: Reading, column: ColumnInfo): ColumnInfo[] | undefined {
  const ref = reading.refs.find((r) => r.kind === "column" && r.mention.columns.includes(column));
  return ref?.kind === "column" ? ref.mention.columns : undefined;
}
