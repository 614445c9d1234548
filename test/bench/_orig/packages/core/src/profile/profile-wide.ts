import { quoteIdent } from "../ingest/sql-quote.js";
import type { Json } from "../model/common.js";
import {
  fenceOf,
  type PassContext,
  type PassResults,
  statsCountDistinct,
  wantsValues,
} from "./profile-passes.js";
import { numberSql, type ProfiledColumn, rankedValues, statsFields, valueFields } from "./profile-sql.js";

/** How many cells one long (unpivoted) batch may hold. */
const cellsPerBatch = 20_000_000;

const long = "__quarry_profile_long";

/**
 * The long path, for wide tables: DuckDB pays a fixed cost per aggregate expression (a `count(DISTINCT)` over
 * 1,000 columns takes seconds even on three rows), so instead the columns of one type are unpivoted into
 * `(col, v)` rows in batches, and every statistic is one GROUP BY over `col`. Each batch's long table is
 * temporary and dropped after its passes.
 */
export async function widePasses(ctx: PassContext): Promise<PassResults> {
  const results: PassResults = { stats: [], values: [], outliers: [] };
  const byType = new Map<string, ProfiledColumn[]>();
  for (const column of ctx.columns) byType.set(column.type, [...(byType.get(column.type) ?? []), column]);
  const batch = Math.max(1, Math.min(2_000, Math.floor(cellsPerBatch / Math.max(1, ctx.rowCount))));
  try {
    for (const group of byType.values()) {
      for (let i = 0; i < group.length; i += batch) await longBatch(ctx, group.slice(i, i + batch), results);
    }
  } finally {
    await ctx.all(`DROP TABLE IF EXISTS ${long}`);
  }
  return results;
}

async function longBatch(ctx: PassContext, columns: ProfiledColumn[], results: PassResults): Promise<void> {
  const { all, exact, top } = ctx;
  const kind = columns[0]?.kind ?? "other";
  const select = columns.map((c) => `${quoteIdent(c.name)} AS "${c.index}"`).join(", ");
  await all(
    `CREATE OR REPLACE TEMP TABLE ${long} AS SELECT CAST(col AS INTEGER) AS col, v
     FROM (UNPIVOT (SELECT ${select} FROM ${quoteIdent(ctx.table)}) ON COLUMNS(*) INTO NAME col VALUE v)`,
  );
  const byIndex = new Map(columns.map((c) => [c.index, c]));
  const collect = (rows: Json[][], into: Json[]) => {
    for (const [col, value] of rows)
      if (typeof col === "number" && byIndex.has(col)) into[col] = value ?? null;
  };

  const distinct = columns.some(statsCountDistinct);
  const stats = await all(
    `SELECT col, {${statsFields("v", kind, exact, distinct).join(", ")}} FROM ${long} GROUP BY col`,
  );
  collect(stats.rows, results.stats);
  // UNPIVOT drops NULLs, so a column with no values has no group: it gets an empty struct here.
  for (const c of columns) results.stats[c.index] ??= { nonNull: 0, distinct: 0 };

  const valued = columns.filter((c) => wantsValues(c, results.stats[c.index]));
  if (valued.length > 0) {
    const only =
      valued.length === columns.length ? "" : `WHERE col IN (${valued.map((c) => c.index).join(", ")})`;
    const grouped = `SELECT col, v, count(*) AS n FROM ${long} ${only} GROUP BY col, v`;
    const from = rankedValues(grouped, kind, "col");
    collect(
      (await all(`SELECT col, {${valueFields(kind, top).join(", ")}} FROM ${from} GROUP BY col`)).rows,
      results.values,
    );
  }

  const fences = columns.flatMap((c) => fenceOf(c, results.stats[c.index]) ?? []);
  if (fences.length > 0) {
    const list = fences.map((f) => `(${f.index}, ${numberSql(f.low)}, ${numberSql(f.high)})`).join(", ");
    const counted = await all(
      `SELECT l.col, count(*) FILTER (WHERE l.v < f.lo OR l.v > f.hi) FROM ${long} AS l
       JOIN (VALUES ${list}) AS f(col, lo, hi) ON l.col = f.col GROUP BY l.col`,
    );
    collect(counted.rows, results.outliers);
  }
  for (const c of columns) results.outliers[c.index] ??= 0;
}
