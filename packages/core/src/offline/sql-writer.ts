import type { JoinKey } from "./join-keys.js";
import type { Agg, TimeUnit } from "./lexicon.js";
import type { ColumnInfo } from "./table-schema.js";
import { type Dialect, datePartSql, parseTextDateSql, truncSql } from "./text-dates.js";

/** A value expression of the planned query. */
export type Expr =
  | { type: "column"; column: ColumnInfo }
  | { type: "agg"; fn: Agg; column?: ColumnInfo; distinct?: boolean }
  | { type: "time"; unit: TimeUnit; column: ColumnInfo }
  /** A glossary's own SQL expression, used as written. */
  | { type: "raw"; sql: string };

/** A condition of the WHERE clause. */
export type Condition =
  | { type: "compare"; expr: Expr; op: "=" | "<>" | ">" | ">=" | "<" | "<="; value: number | string }
  | { type: "in"; expr: Expr; values: string[]; negated: boolean }
  | { type: "between"; expr: Expr; low: number | string; high: number | string }
  | { type: "null"; expr: Expr; negated: boolean }
  | { type: "raw"; sql: string };

/** A column of the result. */
export interface SelectItem {
  expr: Expr;
  alias: string;
}

/** The planned query, before it is written in a dialect. */
export interface QuerySpec {
  table: string;
  joins: JoinKey[];
  select: SelectItem[];
  where: Condition[];
  /** 1-based positions of `select`. */
  groupBy: number[];
  orderBy: { position: number; dir: "asc" | "desc" }[];
  limit?: number;
  distinct?: boolean;
}

/** Both dialects quote identifiers alike: double quotes, inner quotes doubled. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal. */
export function literal(value: string | number): string {
  return typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/** Writes a {@link QuerySpec} as one SELECT in DuckDB or PostgreSQL. */
export function writeSql(spec: QuerySpec, dialect: Dialect): string {
  const qualified = spec.joins.length > 0;
  const column = (c: ColumnInfo) =>
    c.expression ? `(${c.expression.sql})` : qualified ? `${ident(c.table)}.${ident(c.name)}` : ident(c.name);
  /** A column as a date or time: text dates are parsed in their detected layout. */
  const temporal = (c: ColumnInfo) =>
    c.dateFormat ? parseTextDateSql(column(c), c.dateFormat, dialect) : column(c);

  const expr = (e: Expr): string => {
    switch (e.type) {
      case "column":
        return column(e.column);
      case "raw":
        return e.sql;
      case "time":
        return timeSql(e.unit, temporal(e.column), dialect);
      case "agg":
        return aggSql(
          e,
          e.column ? (e.column.dateFormat ? temporal(e.column) : column(e.column)) : "",
          dialect,
        );
    }
  };

  const condition = (c: Condition): string => {
    if (c.type === "raw") return `(${c.sql})`;
    const target =
      c.expr.type === "column" && c.expr.column.dateFormat && isDateValue(c)
        ? temporal(c.expr.column)
        : expr(c.expr);
    switch (c.type) {
      case "compare":
        return `${target} ${c.op} ${valueSql(c.value)}`;
      case "in":
        return c.values.length === 1
          ? `${target} ${c.negated ? "<>" : "="} ${literal(c.values[0] as string)}`
          : `${target} ${c.negated ? "NOT IN" : "IN"} (${c.values.map(literal).join(", ")})`;
      case "between":
        return `${target} BETWEEN ${valueSql(c.low)} AND ${valueSql(c.high)}`;
      case "null":
        return `${target} IS ${c.negated ? "NOT " : ""}NULL`;
    }
  };

  const select = spec.select.map((s) => `${expr(s.expr)} AS ${ident(s.alias)}`).join(", ");
  let from = ident(spec.table);
  for (const j of spec.joins) {
    from += ` JOIN ${ident(j.right.table)} ON ${column(j.left)} = ${column(j.right)}`;
  }
  const parts = [`SELECT ${spec.distinct ? "DISTINCT " : ""}${select}`, `FROM ${from}`];
  if (spec.where.length > 0) parts.push(`WHERE ${spec.where.map(condition).join(" AND ")}`);
  if (spec.groupBy.length > 0) parts.push(`GROUP BY ${spec.groupBy.join(", ")}`);
  if (spec.orderBy.length > 0) {
    // Nulls last in both dialects: Postgres would otherwise put them first when sorting high to low.
    parts.push(
      `ORDER BY ${spec.orderBy.map((o) => `${o.position} ${o.dir.toUpperCase()} NULLS LAST`).join(", ")}`,
    );
  }
  if (spec.limit !== undefined) parts.push(`LIMIT ${spec.limit}`);
  return parts.join(" ");
}

/** An ISO date compared with a date column reads as a date, not as text. */
function isDateValue(c: Condition): boolean {
  const values = c.type === "compare" ? [c.value] : c.type === "between" ? [c.low, c.high] : [];
  return values.some((v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v));
}

function valueSql(value: number | string): string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `CAST(${literal(value)} AS DATE)`
    : literal(value);
}

function timeSql(unit: TimeUnit, value: string, dialect: Dialect): string {
  switch (unit) {
    case "year":
      return datePartSql("year", value, dialect);
    case "quarter":
      return datePartSql("quarter", value, dialect);
    case "monthofyear":
      return datePartSql("month", value, dialect);
    case "hour":
      return datePartSql("hour", value, dialect);
    case "weekday":
      return datePartSql("dow", value, dialect);
    case "month":
    case "week":
    case "day":
      return truncSql(unit, value);
  }
}

function aggSql(e: Extract<Expr, { type: "agg" }>, value: string, dialect: Dialect): string {
  // A glossary metric is its own aggregate ("revenue" = `sum(amount)`): it is used as written.
  if (e.column?.expression?.aggregate) return value;
  if (e.fn === "count") return e.column ? `count(${e.distinct ? "DISTINCT " : ""}${value})` : "count(*)";
  if (e.fn === "median") {
    return dialect === "duckdb"
      ? `median(${value})`
      : `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value})`;
  }
  if (e.fn === "stddev") return `stddev_samp(${value})`;
  return `${e.fn}(${value})`;
}
