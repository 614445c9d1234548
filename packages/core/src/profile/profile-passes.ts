import type { Json } from "../model/common.js";
import { isNumericKind } from "./column-kind.js";
import { type Fence, outliersSql, type ProfiledColumn, statsSql, valuesSql } from "./profile-sql.js";

/** Runs a query and reads its rows. */
export type Runner = (sql: string) => Promise<{ rows: Json[][] }>;

/** What the passes need to know. */
export interface PassContext {
  all: Runner;
  table: string;
  columns: readonly ProfiledColumn[];
  rowCount: number;
  exact: boolean;
  top: number;
  /** Columns per query. */
  batch: number;
}

/** Per column index: the statistics, values and outlier structs the passes produced. */
export interface PassResults {
  stats: Json[];
  values: Json[];
  outliers: Json[];
}

/** Whether the values pass (top values, text checks) runs for a column, given its statistics. */
export function wantsValues(column: ProfiledColumn, stats: Json | undefined): boolean {
  return column.kind === "string" || column.kind === "boolean" || toCount(field(stats, "distinct")) <= 20;
}

/** Whether the statistics pass counts distinct values (the values pass counts them for text and booleans). */
export function statsCountDistinct(column: ProfiledColumn): boolean {
  return column.kind !== "string" && column.kind !== "boolean";
}

/** A numeric column's Tukey fences (quartiles ± 1.5 × IQR), or null when the IQR is zero or unknown. */
export function fenceOf(column: ProfiledColumn, stats: Json | undefined): Fence | null {
  const q = field(stats, "quartiles");
  if (!isNumericKind(column.kind) || !Array.isArray(q)) return null;
  const [q1, , q3] = q.map(Number);
  // A zero IQR (mostly one value) would flag every other value and capping would erase them.
  if (q1 === undefined || q3 === undefined || !(q3 - q1 > 0)) return null;
  const spread = 1.5 * (q3 - q1);
  return Number.isFinite(spread)
    ? { index: column.index, name: column.name, low: q1 - spread, high: q3 + spread }
    : null;
}

/**
 * The direct path, for tables of ordinary width: each pass is one query per batch of columns, with one
 * aggregate expression per column.
 */
export async function directPasses(ctx: PassContext): Promise<PassResults> {
  const { all, table, columns, exact, top, batch } = ctx;
  const stats = await perColumn(all, columns, batch, (part) =>
    statsSql(table, part, exact, statsCountDistinct),
  );
  const valued = columns.filter((c) => wantsValues(c, stats[c.index]));
  // A values query is a subquery per column; smaller batches keep each statement quick to plan.
  const values = await perColumn(all, valued, Math.max(1, Math.floor(batch / 5)), (part) =>
    valuesSql(table, part, top),
  );
  const fences = columns.flatMap((c) => fenceOf(c, stats[c.index]) ?? []);
  const outliers = await perColumn(all, fences, batch, (part) => outliersSql(table, part));
  return { stats, values, outliers };
}

/** Runs a per-column query in batches and gathers each column's result by index. */
export async function perColumn<C extends { index: number }>(
  all: Runner,
  columns: readonly C[],
  batch: number,
  sql: (part: C[]) => string,
): Promise<Json[]> {
  const out: Json[] = [];
  for (let i = 0; i < columns.length; i += batch) {
    const part = columns.slice(i, i + batch);
    const row = (await all(sql(part))).rows[0] ?? [];
    part.forEach((c, j) => {
      out[c.index] = row[j] ?? null;
    });
  }
  return out;
}

/** A field of a struct read from DuckDB. */
export function field(value: Json | undefined, key: string): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
}

/** A count read from DuckDB (numbers, or strings for huge integers) as a non-negative integer. */
export function toCount(value: Json | undefined): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0;
}
