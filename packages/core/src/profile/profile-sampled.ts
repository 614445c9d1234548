import { quoteIdent } from "../ingest/sql-quote.js";
import type { Json } from "../model/common.js";
import { isNumericKind } from "./column-kind.js";
import {
  fenceOf,
  field,
  type PassContext,
  type PassResults,
  perColumn,
  toCount,
  wantsValues,
} from "./profile-passes.js";
import { type Fence, outlierCountSql, type ProfiledColumn, statsFields, valuesSql } from "./profile-sql.js";

/** The temporary table holding a large table's sample while it is profiled. */
const sampleTable = "__quarry_profile_sample";

/** The most cells (rows × columns) a sample holds, so a wide table's sample stays small. */
const sampleCells = 20_000_000;

/** DuckDB's system sampling keeps or skips whole vectors of this many rows. */
const vectorRows = 2_048;

/** A fixed seed: profiling the same file twice gives the same profile. */
const seed = 42;

/**
 * A column whose sample has at most this share of distinct values is grouped over the whole table (exact
 * distinct count, top values and text checks): the whole-table GROUP BY then stays about as small as the
 * sample's, e.g. 0.06 s for the 213,834 timestamps of the 3M flights.
 */
const lowCardinality = 0.1;

/**
 * A top value estimated from the sample needs at least this many sample rows: a value seen once or twice
 * scales to ~16–33 rows of 3M when it may occur once (±32% at 10, by Poisson).
 */
const minSampleCount = 10;

/** What the sampled path found: the passes' results, and which columns any sample-based statistic reached. */
export interface SampledResults extends PassResults {
  /** Rows in the sample. */
  sampleRows: number;
  /** Per column index: true when some statistic (quartiles, distinct count, top values, text checks) comes from the sample. */
  sampled: boolean[];
}

/** The rows the sample aims at for a table of this many columns (at least ten of DuckDB's vectors). */
export function sampleTarget(sampleRows: number, columnCount: number): number {
  return Math.max(10 * vectorRows, Math.min(sampleRows, Math.floor(sampleCells / Math.max(1, columnCount))));
}

/**
 * The sampled path, for tables past the exact-row limit. The expensive statistics run on a sample of about
 * `sampleRows` rows, drawn with `TABLESAMPLE SYSTEM`, which keeps or skips whole vectors and so reads a
 * fraction of a Parquet file (0.17 s of CPU for 141,312 of the 3M flights, where a reservoir sample, which
 * reads every row, took 0.73 s). Then one scan of the whole table and a GROUP BY per low-cardinality column:
 *
 * - exact over the whole table: non-null counts, min, max, mean, standard deviation, outlier counts (against
 *   fences from the sample's quartiles), and for columns the sample shows to have few distinct values, the
 *   distinct count, top values and text checks;
 * - from the sample: quartiles; for columns with many distinct values, top values and text checks with their
 *   counts scaled to the table, and the distinct count from `approx_count_distinct` over the whole table.
 */
export async function sampledPasses(
  ctx: PassContext,
  sampleRows: number,
  passes: (ctx: PassContext) => Promise<PassResults>,
): Promise<SampledResults> {
  const { all, table, columns, rowCount, top, batch } = ctx;
  const from = quoteIdent(table);
  const percent = Math.min(100, (100 * sampleTarget(sampleRows, columns.length)) / Math.max(1, rowCount));
  const countSample = async () => toCount((await all(`SELECT count(*) FROM ${sampleTable}`)).rows[0]?.[0]);
  try {
    await all(
      `CREATE OR REPLACE TEMP TABLE ${sampleTable} AS SELECT * FROM ${from} TABLESAMPLE SYSTEM(${percent} PERCENT) REPEATABLE (${seed})`,
    );
    let n = await countSample();
    if (n === 0) {
      // Whole vectors can all miss on an unlucky draw; a reservoir always holds rows.
      await all(
        `CREATE OR REPLACE TEMP TABLE ${sampleTable} AS SELECT * FROM ${from} USING SAMPLE reservoir(${sampleTarget(sampleRows, columns.length)} ROWS) REPEATABLE (${seed})`,
      );
      n = await countSample();
    }
    const sample = await passes({ ...ctx, table: sampleTable, rowCount: n, exact: true });

    const plans = columns.map((column) => {
      const stats = sample.stats[column.index];
      const distinct = toCount(field(sample.values[column.index], "distinct") ?? field(stats, "distinct"));
      return {
        column,
        few: distinct <= n * lowCardinality,
        wants: wantsValues(column, stats),
        fence: fenceOf(column, stats),
        sampleDistinct: distinct,
      };
    });
    const whole = await perColumn(
      all,
      plans.map(withIndex),
      batch,
      (part) =>
        `SELECT ${part.map((p) => `{${wholeFields(p).join(", ")}} AS c${p.index}`).join(", ")} FROM ${from}`,
    );
    const grouped = plans.filter((p) => p.few && p.wants).map((p) => p.column);
    const exactValues = await perColumn(all, grouped, Math.max(1, Math.floor(batch / 5)), (part) =>
      valuesSql(table, part, top),
    );

    const factor = rowCount / Math.max(1, n);
    const results: SampledResults = { stats: [], values: [], outliers: [], sampleRows: n, sampled: [] };
    for (const { column, few, wants, fence, sampleDistinct } of plans) {
      const i = column.index;
      const full = whole[i];
      // A sample's distinct values all exist in the table, so its count is a floor for the estimate.
      const distinct = few
        ? field(full, "distinct")
        : Math.max(sampleDistinct, toCount(field(full, "distinct")));
      results.stats[i] = { ...asObject(sample.stats[i]), ...asObject(full), distinct: distinct ?? null };
      results.values[i] = !wants
        ? null
        : few
          ? (exactValues[i] ?? null)
          : scaleCounts(sample.values[i], factor, distinct ?? null);
      results.outliers[i] = fence ? (field(full, "outliers") ?? 0) : null;
      results.sampled[i] = !few || isNumericKind(column.kind);
    }
    return results;
  } finally {
    await all(`DROP TABLE IF EXISTS ${sampleTable}`);
  }
}

interface ColumnPlan {
  column: ProfiledColumn;
  few: boolean;
  wants: boolean;
  fence: Fence | null;
}

function withIndex<P extends ColumnPlan>(plan: P): P & { index: number } {
  return { ...plan, index: plan.column.index };
}

/** The whole-table scan's fields for one column. */
function wholeFields({ column, few, wants, fence }: ColumnPlan): string[] {
  const x = quoteIdent(column.name);
  const fields = statsFields(x, column.kind, true, false, false);
  // Where the values pass groups the whole column, it counts the distinct values itself.
  if (!(few && wants))
    fields.push(`'distinct': ${few ? `count(DISTINCT ${x})` : `approx_count_distinct(${x})`}`);
  if (fence) fields.push(`'outliers': ${outlierCountSql(fence)}`);
  return fields;
}

/**
 * The values pass's struct from the sample, its counts scaled to the whole table; top values seen too rarely
 * in the sample to estimate are left out (a nearly unique column then has no top values).
 */
function scaleCounts(values: Json | undefined, factor: number, distinct: Json): Json {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(asObject(values))) {
    if (key === "distinct") out[key] = distinct;
    else if (key === "top" && Array.isArray(value)) {
      out[key] = value
        .filter((entry) => toCount(field(entry, "count")) >= minSampleCount)
        .map((entry) => ({ ...asObject(entry), count: Math.round(toCount(field(entry, "count")) * factor) }));
    } else out[key] = value === null ? null : Math.round(toCount(value) * factor);
  }
  return out;
}

function asObject(value: Json | undefined): { [key: string]: Json } {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
