import { months } from "./name-lists.js";

/** The SQL dialects the planner writes. */
export type Dialect = "duckdb" | "postgres";

/** A layout of dates stored as text, in both dialects' notation. */
export interface DateFormat {
  /** `strptime` layout (DuckDB), or `iso` for what a plain cast reads. */
  duckdb: string;
  /** `to_timestamp` layout (PostgreSQL), or `iso`. */
  postgres: string;
  hasTime: boolean;
}

interface Layout extends DateFormat {
  pattern: RegExp;
  /** For numeric day/month layouts: which captured group is the day, to tell day-first from month-first. */
  dayGroup?: number;
  /** For layouts with a month name: which captured group it is, to check it really is a month. */
  monthNameGroup?: number;
}

const mon = "([A-Za-z]{3,9})\\.?";
const layouts: Layout[] = [
  { pattern: /^\d{4}-\d{2}-\d{2}$/, duckdb: "iso", postgres: "iso", hasTime: false },
  {
    pattern: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/,
    duckdb: "iso",
    postgres: "iso",
    hasTime: true,
  },
  { pattern: /^\d{4}\/\d{1,2}\/\d{1,2}$/, duckdb: "%Y/%m/%d", postgres: "YYYY/MM/DD", hasTime: false },
  {
    pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/,
    duckdb: "%Y/%m/%d %H:%M",
    postgres: "YYYY/MM/DD HH24:MI",
    hasTime: true,
  },
  {
    pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/,
    duckdb: "%Y/%m/%d %H:%M:%S",
    postgres: "YYYY/MM/DD HH24:MI:SS",
    hasTime: true,
  },
  {
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4}$/,
    duckdb: "%m/%d/%Y",
    postgres: "MM/DD/YYYY",
    hasTime: false,
    dayGroup: 2,
  },
  {
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}$/,
    duckdb: "%m/%d/%Y %H:%M",
    postgres: "MM/DD/YYYY HH24:MI",
    hasTime: true,
    dayGroup: 2,
  },
  {
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}:\d{2}$/,
    duckdb: "%m/%d/%Y %H:%M:%S",
    postgres: "MM/DD/YYYY HH24:MI:SS",
    hasTime: true,
    dayGroup: 2,
  },
  {
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{2}$/,
    duckdb: "%m/%d/%y",
    postgres: "MM/DD/YY",
    hasTime: false,
    dayGroup: 2,
  },
  {
    pattern: /^(\d{1,2})-(\d{1,2})-\d{4}$/,
    duckdb: "%m-%d-%Y",
    postgres: "MM-DD-YYYY",
    hasTime: false,
    dayGroup: 2,
  },
  {
    pattern: /^(\d{1,2})\.(\d{1,2})\.\d{4}$/,
    duckdb: "%d.%m.%Y",
    postgres: "DD.MM.YYYY",
    hasTime: false,
  },
  {
    pattern: new RegExp(`^${mon} \\d{1,2} \\d{4}$`),
    duckdb: "%b %d %Y",
    postgres: "Mon DD YYYY",
    hasTime: false,
    monthNameGroup: 1,
  },
  {
    pattern: new RegExp(`^${mon} \\d{1,2}, \\d{4}$`),
    duckdb: "%b %d, %Y",
    postgres: "Mon DD, YYYY",
    hasTime: false,
    monthNameGroup: 1,
  },
  {
    pattern: new RegExp(`^\\d{1,2} ${mon} \\d{4}$`),
    duckdb: "%d %b %Y",
    postgres: "DD Mon YYYY",
    hasTime: false,
    monthNameGroup: 1,
  },
  {
    pattern: new RegExp(`^\\d{1,2}-${mon}-\\d{4}$`),
    duckdb: "%d-%b-%Y",
    postgres: "DD-Mon-YYYY",
    hasTime: false,
    monthNameGroup: 1,
  },
  {
    pattern: new RegExp(`^${mon} \\d{4}$`),
    duckdb: "%b %Y",
    postgres: "Mon YYYY",
    hasTime: false,
    monthNameGroup: 1,
  },
  { pattern: /^\d{4}-\d{1,2}$/, duckdb: "%Y-%m", postgres: "YYYY-MM", hasTime: false },
];

/** Full month names need `%B` in strptime; `%b` reads only the three-letter forms. */
function withFullMonths(layout: Layout, values: readonly string[]): DateFormat {
  const group = layout.monthNameGroup;
  const full = group !== undefined && values.some((v) => (layout.pattern.exec(v)?.[group]?.length ?? 0) > 3);
  if (!full) return { duckdb: layout.duckdb, postgres: layout.postgres, hasTime: layout.hasTime };
  return {
    duckdb: layout.duckdb.replace("%b", "%B"),
    postgres: layout.postgres.replace("Mon", "FMMonth"),
    hasTime: layout.hasTime,
  };
}

/**
 * The layout of dates stored as text, read from a column's sample values; undefined when the values are not
 * all dates of one layout. Month-first is assumed for `01/02/2000` unless some value's first part exceeds 12,
 * as it does in day-first data.
 *
 * @example
 * ```ts
 * detectDateFormat(["Jan 1 2000", "Feb 1 2000"]); // { duckdb: "%b %d %Y", postgres: "Mon DD YYYY", hasTime: false }
 * ```
 */
export function detectDateFormat(values: readonly string[]): DateFormat | undefined {
  const texts = values.map((v) => v.trim()).filter((v) => v.length > 0);
  if (texts.length === 0) return undefined;
  for (const layout of layouts) {
    if (!texts.every((v) => layout.pattern.test(v))) continue;
    const group = layout.monthNameGroup;
    if (group !== undefined) {
      const names = texts.map((v) => layout.pattern.exec(v)?.[group]?.toLowerCase() ?? "");
      if (!names.every((n) => months[n] !== undefined || months[n.slice(0, 3)] !== undefined)) continue;
    }
    if (layout.dayGroup !== undefined) {
      const firsts = texts.map((v) => Number(layout.pattern.exec(v)?.[1]));
      if (firsts.some((n) => n > 12)) {
        return {
          duckdb: layout.duckdb.replace("%m/%d", "%d/%m").replace("%m-%d", "%d-%m"),
          postgres: layout.postgres.replace("MM/DD", "DD/MM").replace("MM-DD", "DD-MM"),
          hasTime: layout.hasTime,
        };
      }
    }
    return withFullMonths(layout, texts);
  }
  return undefined;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A text expression parsed as a date or timestamp in the given layout. */
export function parseTextDateSql(expr: string, format: DateFormat, dialect: Dialect): string {
  if (dialect === "duckdb") {
    if (format.duckdb === "iso") return `TRY_CAST(${expr} AS ${format.hasTime ? "TIMESTAMP" : "DATE"})`;
    return `try_strptime(${expr}, ${quote(format.duckdb)})`;
  }
  if (format.postgres === "iso") return `CAST(${expr} AS ${format.hasTime ? "TIMESTAMP" : "DATE"})`;
  return format.hasTime
    ? `to_timestamp(${expr}, ${quote(format.postgres)})`
    : `to_date(${expr}, ${quote(format.postgres)})`;
}

/** A date part of a date or timestamp expression, as an integer. */
export function datePartSql(
  part: "year" | "quarter" | "month" | "hour" | "dow",
  expr: string,
  dialect: Dialect,
): string {
  if (dialect === "duckdb") {
    return part === "dow" ? `dayofweek(${expr})` : `${part}(${expr})`;
  }
  return `CAST(EXTRACT(${part.toUpperCase()} FROM ${expr}) AS INTEGER)`;
}

/** A date or timestamp truncated to the start of its month, week or day. */
export function truncSql(unit: "month" | "week" | "day", expr: string): string {
  // Both dialects spell it the same; the cast makes Postgres' timestamp a date, as DuckDB's already is.
  return unit === "day" ? `CAST(${expr} AS DATE)` : `CAST(date_trunc('${unit}', ${expr}) AS DATE)`;
}
