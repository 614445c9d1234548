import type { ColumnProfile, Dataset } from "../model/dataset.js";

/** The roles a dataset's columns can play in the analyses. */
export interface InsightColumns {
  /** Numeric columns worth summing or averaging (not ids, codes or years). */
  measures: ColumnProfile[];
  /** Text or boolean columns with few enough distinct values to group by. */
  dimensions: ColumnProfile[];
  /** Date and timestamp columns with at least two distinct values. */
  times: ColumnProfile[];
}

/** Most of each role an analysis considers, so a wide table costs a bounded number of queries. */
const maxPerRole = { measures: 4, dimensions: 3, times: 1 };

/** Groups worth comparing: at least 2, at most this many. */
export const maxDimensionValues = 50;

/** Names that say a number identifies or labels rather than measures. */
const labelName =
  /(^|[_\s])(id|key|code|zip|postcode|phone|year|month|day|week|quarter|number|no)$|^id[_\s]|uuid/i;

/** Names that say a measure is a level or a rate: averaged, never summed. */
const levelName =
  /temp|rate|ratio|pct|percent|price|score|age|avg|mean|index|level|lat|lon|speed|wind|humidity|pressure/i;

/**
 * Sorts a dataset's columns into measures, dimensions and time columns from their profiles: a measure is
 * numeric and not an identifier (by name, or consecutive distinct integers); a dimension is text or boolean
 * with 2 to {@link maxDimensionValues} values and two rows a value at least; a time column is a date or
 * timestamp. Columns with fewer than 2 values or more nulls than values are left out.
 */
export function insightColumns(dataset: Pick<Dataset, "columns" | "rowCount">): InsightColumns {
  const usable = dataset.columns.filter((c) => c.nullRate < 0.5 && c.distinctCount >= 2);
  const measures = usable.filter(
    (c) =>
      (c.kind === "integer" || c.kind === "number") &&
      !labelName.test(c.name) &&
      !isRowNumber(c, dataset.rowCount),
  );
  const dimensions = usable
    // Two rows a group at least: a column naming each row (a name, a title) groups nothing.
    .filter(
      (c) =>
        (c.kind === "string" || c.kind === "boolean") &&
        c.distinctCount <= maxDimensionValues &&
        c.distinctCount * 2 <= dataset.rowCount,
    )
    .sort((a, b) => a.distinctCount - b.distinctCount);
  const times = usable.filter((c) => c.kind === "date" || c.kind === "timestamp");
  return {
    measures: measures.slice(0, maxPerRole.measures),
    dimensions: dimensions.slice(0, maxPerRole.dimensions),
    times: times.slice(0, maxPerRole.times),
  };
}

/** Integers all distinct and consecutive (1, 2, 3, …): a row number or serial id, not a measure. */
function isRowNumber(column: ColumnProfile, rowCount: number): boolean {
  if (column.kind !== "integer" || rowCount < 3) return false;
  const min = Number(column.min);
  const max = Number(column.max);
  return column.distinctCount >= rowCount - column.nullCount && max - min + 1 === column.distinctCount;
}

/** How a measure is totalled per group: levels and rates are averaged, amounts summed. */
export function aggregateOf(measure: Pick<ColumnProfile, "name">): "SUM" | "AVG" {
  return levelName.test(measure.name) ? "AVG" : "SUM";
}

/** The calendar grain that gives a time column a readable series: years past 3 years, months past 3 months. */
export function timeGrain(time: Pick<ColumnProfile, "min" | "max">): "year" | "month" | "day" {
  const from = Date.parse(String(time.min));
  const to = Date.parse(String(time.max));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return "month";
  const days = (to - from) / 86_400_000;
  if (days > 3 * 366) return "year";
  if (days > 93) return "month";
  return "day";
}
