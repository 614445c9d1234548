import { columnsWithConcepts, nameConcepts } from "./column-match.js";
import { type Agg, type Superlative, superlatives } from "./lexicon.js";
import { type Reading, type Ref, refAfter } from "./question-reading.js";
import { type ColumnInfo, isNumeric, isTemporal, isUnique, type TableSchema } from "./table-schema.js";

/**
 * What a question measures: the numeric column after an aggregate or a superlative, rows of a table for
 * "how many", and the column a superlative implies on its own ("the heaviest" → weight).
 */

/** What is measured: a column under an aggregate, or a count of rows. */
export interface Measure {
  agg: Agg;
  column: ColumnInfo | undefined;
  distinct: boolean;
  /** The table whose rows a count counts, when the question names it. */
  table: string | undefined;
}

export function isNumericRef(r: Ref): boolean {
  return r.kind === "column" && r.mention.columns.some(isNumeric);
}

/** Among a mention's columns, the numeric one suiting the direction: `temp_max` for "highest temperature". */
export function pickMeasure(
  columns: readonly ColumnInfo[],
  dir: "asc" | "desc" | undefined,
): ColumnInfo | undefined {
  const numeric = columns.filter(isNumeric);
  const want = dir === "asc" ? "minimum" : dir === "desc" ? "maximum" : undefined;
  return (want && numeric.find((c) => nameConcepts(c.name).includes(want))) ?? numeric[0];
}

/** `how many X`: rows when X is a table, a row word or a column with a value per row; else distinct values. */
export function countMeasure(
  reading: Reading,
  at: number,
  free: (r: Ref) => boolean,
  rowCounts: ReadonlyMap<string, number>,
): Measure {
  const ref = refAfter(reading, at + 1, 3, free);
  const rowWordNear = reading.refs.some(
    (r) => r.kind === "rows" && ref && r.start > ref.start && r.start <= ref.end + 1,
  );
  const distinctAsked = reading.terms.some((t) => ["distinct", "unique", "different"].includes(t.word));
  if (ref?.kind === "table") return { agg: "count", column: undefined, distinct: false, table: ref.table };
  // "departing flights": a column word right before a table describes its rows; the rows are counted.
  const described = ref && refAfter(reading, ref.end, 0, (r) => r.kind === "table" && free(r));
  if (described?.kind === "table") {
    return { agg: "count", column: undefined, distinct: false, table: described.table };
  }
  if (ref?.kind === "column" && !rowWordNear) {
    const column = ref.mention.columns[0] as ColumnInfo;
    const rows = rowCounts.get(column.table) ?? 0;
    if (distinctAsked || (!isUnique(column, rows) && !isTemporal(column))) {
      return { agg: "count", column, distinct: true, table: column.table };
    }
    return { agg: "count", column: undefined, distinct: false, table: column.table };
  }
  const table =
    ref?.kind === "column"
      ? ref.mention.columns[0]?.table
      : ref?.kind === "time"
        ? ref.column?.table
        : undefined;
  return { agg: "count", column: undefined, distinct: false, table };
}

/** What a superlative measures: the numeric column after it, rows of a table, or the column its word implies. */
export function supMeasure(
  reading: Reading,
  at: number | undefined,
  sup: Superlative | undefined,
  byMeasure: Ref | "count" | undefined,
  used: Set<Ref>,
  tables: readonly TableSchema[],
): Measure {
  const count: Measure = { agg: "count", column: undefined, distinct: false, table: undefined };
  if (byMeasure === "count") return count;
  const dir = sup?.dir;
  if (byMeasure?.kind === "column") {
    return {
      agg: "sum",
      column: pickMeasure(byMeasure.mention.columns, dir),
      distinct: false,
      table: undefined,
    };
  }
  if (sup?.count) return count;
  const after =
    at === undefined
      ? undefined
      : refAfter(
          reading,
          at + 1,
          3,
          (r) => !used.has(r) && (isNumericRef(r) || r.kind === "table" || r.kind === "rows"),
        );
  const numericAfter =
    at === undefined ? undefined : refAfter(reading, at + 1, 3, (r) => !used.has(r) && isNumericRef(r));
  const ref = numericAfter ?? after;
  if (ref?.kind === "column") {
    used.add(ref);
    return {
      agg: sumOrExtreme(sup),
      column: pickMeasure(ref.mention.columns, dir),
      distinct: false,
      table: undefined,
    };
  }
  if (ref?.kind === "table") return { ...count, table: ref.table };
  if (ref?.kind === "rows") return count;
  const implied = columnsWithConcepts(tables, sup?.concepts ?? []).filter(isNumeric);
  const chosen = pickMeasure(implied, dir);
  if (chosen) return { agg: sumOrExtreme(sup), column: chosen, distinct: false, table: undefined };
  const anyNumeric = reading.refs.find((r) => !used.has(r) && isNumericRef(r));
  if (anyNumeric?.kind === "column") {
    return {
      agg: sumOrExtreme(sup),
      column: pickMeasure(anyNumeric.mention.columns, dir),
      distinct: false,
      table: undefined,
    };
  }
  return count;
}

/** "the most rain" adds up; "the highest price" takes the extreme; "the best economy" averages. */
function sumOrExtreme(sup: Superlative | undefined): Agg {
  if (!sup) return "sum";
  if (sup.quality) return "avg";
  const words = Object.entries(superlatives)
    .filter(([, s]) => s === sup)
    .map(([w]) => w);
  if (words.some((w) => ["most", "least", "fewest"].includes(w))) return "sum";
  return sup.dir === "desc" ? "max" : "min";
}
