import { quoteIdent } from "../ingest/sql-quote.js";
import type { ColumnKind } from "../model/dataset.js";
import { isNumericKind } from "./column-kind.js";
import {
  textHasLeadingZeroSql,
  textIsIntegerSql,
  textToDoubleSql,
  textToTimestampSql,
  trimSql,
} from "./text-parsing.js";

/**
 * The profiler's SQL. Each statistic is a field of a struct per column, so a query returns every column's
 * statistics typed, in one row (direct path) or one row per column (long path, see `profile-wide.ts`).
 */

/** A column as the queries see it. */
export interface ProfiledColumn {
  index: number;
  name: string;
  type: string;
  /** The kind the SQL works with (`sqlKindOf`: only VARCHAR is text). */
  kind: ColumnKind;
}

/**
 * Statistics of a value expression `x`, as struct fields: non-null count; distinct count unless the values
 * pass counts it; min, max, mean, standard deviation and (unless `quartiles` is false) quartiles of numbers;
 * the range of dates. Exact or approximate (`approx_count_distinct`, `approx_quantile`) as `exact` says.
 */
export function statsFields(
  x: string,
  kind: ColumnKind,
  exact: boolean,
  distinct: boolean,
  quartiles = true,
): string[] {
  const fields = [`'nonNull': count(${x})`];
  if (distinct) fields.push(`'distinct': ${exact ? `count(DISTINCT ${x})` : `approx_count_distinct(${x})`}`);
  if (isNumericKind(kind)) {
    // Moments and quartiles in DOUBLE (a HUGEINT sum or interpolation can overflow) over finite values only
    // (DuckDB refuses a standard deviation of NaN or infinity).
    const d = `CAST(${x} AS DOUBLE)`;
    const finite = `FILTER (WHERE isfinite(${d}))`;
    fields.push(
      `'min': min(${x})`,
      `'max': max(${x})`,
      `'mean': avg(${d}) ${finite}`,
      `'std': stddev_samp(${d}) ${finite}`,
    );
    if (quartiles) {
      fields.push(
        `'quartiles': ${exact ? "quantile_cont" : "approx_quantile"}(${d}, [0.25, 0.5, 0.75]) ${finite}`,
      );
    }
  } else if (kind === "date" || kind === "timestamp") {
    fields.push(`'min': min(${x})`, `'max': max(${x})`);
  }
  return fields;
}

/**
 * Statistics over a column's distinct values `v` with their counts `n` (so each check runs once per distinct
 * value, not per row): the distinct count, the top values and, for text, how many rows have stray whitespace,
 * are case variants of a more common spelling, or read as
 * numbers, whole numbers, zero-padded numbers, dates or date-times. Reads the columns of {@link rankedValues}.
 */
export function valueFields(kind: ColumnKind, top: number): string[] {
  const fields = [
    `'distinct': count(*)`,
    `'top': list({'value': v, 'count': n} ORDER BY vrank) FILTER (WHERE vrank <= ${top})`,
  ];
  if (kind !== "string") return fields;
  const ts = textToTimestampSql("v");
  return [
    ...fields,
    `'whitespace': sum(n) FILTER (v <> ${trimSql("v")})`,
    `'caseVariants': sum(n) FILTER (variants > 1 AND rank > 1)`,
    `'rows': sum(n)`,
    `'lowerRows': sum(n) FILTER (v = lower(v))`,
    `'upperRows': sum(n) FILTER (v = upper(v))`,
    `'numeric': sum(n) FILTER (${textToDoubleSql("v")} IS NOT NULL)`,
    `'integer': sum(n) FILTER (${textIsIntegerSql("v")})`,
    `'leadingZero': sum(n) FILTER (${textHasLeadingZeroSql("v")})`,
    `'temporal': sum(n) FILTER (${ts} IS NOT NULL)`,
    `'withTime': sum(n) FILTER (${ts} <> date_trunc('day', ${ts}))`,
  ];
}

/**
 * Grouped values `(…, v, n)` with the window columns {@link valueFields} reads: `vrank` orders values by count,
 * ties by value (so top values are deterministic); for text, `variants` counts the spellings that share a
 * value's trimmed lower case and `rank` orders them by count.
 */
export function rankedValues(grouped: string, kind: ColumnKind, partition = ""): string {
  const by = partition ? `PARTITION BY ${partition} ` : "";
  const windows = [`row_number() OVER (${by}ORDER BY n DESC, v) AS vrank`];
  if (kind === "string") {
    // Spellings are compared trimmed as well: ` Paris ` and `paris` are one value, twice mistyped.
    const caseBy = `PARTITION BY ${partition ? `${partition}, ` : ""}lower(${trimSql("v")})`;
    windows.push(
      `count(*) OVER (${caseBy}) AS variants`,
      `row_number() OVER (${caseBy} ORDER BY n DESC, v) AS rank`,
    );
  }
  return `(SELECT *, ${windows.join(", ")} FROM (${grouped}))`;
}

/** Direct path, pass 1: one scan of the table, one struct `c{index}` per column. */
export function statsSql(
  table: string,
  columns: readonly ProfiledColumn[],
  exact: boolean,
  distinct: (c: ProfiledColumn) => boolean,
): string {
  const items = columns.map(
    (c) => `{${statsFields(quoteIdent(c.name), c.kind, exact, distinct(c)).join(", ")}} AS c${c.index}`,
  );
  return `SELECT ${items.join(", ")} FROM ${quoteIdent(table)}`;
}

/** Direct path, pass 2: per column, a GROUP BY over its values, one struct `c{index}` per column. */
export function valuesSql(table: string, columns: readonly ProfiledColumn[], top: number): string {
  const items = columns.map((column) => {
    const c = quoteIdent(column.name);
    const grouped = `SELECT ${c} AS v, count(*) AS n FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL GROUP BY 1`;
    return `(SELECT {${valueFields(column.kind, top).join(", ")}} FROM ${rankedValues(grouped, column.kind)}) AS c${column.index}`;
  });
  return `SELECT ${items.join(", ")}`;
}

/** A column's Tukey fences. */
export interface Fence {
  index: number;
  name: string;
  low: number;
  high: number;
}

/** Direct path, pass 3: how many values of each numeric column fall outside its fences. */
export function outliersSql(table: string, fences: readonly Fence[]): string {
  const items = fences.map((fence) => `${outlierCountSql(fence)} AS c${fence.index}`);
  return `SELECT ${items.join(", ")} FROM ${quoteIdent(table)}`;
}

/** How many values of a column fall outside its fences. */
export function outlierCountSql({ name, low, high }: Fence): string {
  const c = quoteIdent(name);
  return `count(*) FILTER (WHERE ${c} < ${numberSql(low)} OR ${c} > ${numberSql(high)})`;
}

/** A finite number as a DOUBLE literal. */
export function numberSql(value: number): string {
  if (!Number.isFinite(value)) throw new Error("Not a finite number.");
  return `CAST(${String(value)} AS DOUBLE)`;
}
