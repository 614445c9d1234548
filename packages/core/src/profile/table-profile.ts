import type { QueryResult } from "../engine/sql-engine.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { Json } from "../model/common.js";
import type { ColumnProfile } from "../model/dataset.js";
import { columnKindOf, isNumericKind, sqlKindOf } from "./column-kind.js";
import { directPasses, field, type PassContext, type Runner, toCount } from "./profile-passes.js";
import { sampledPasses, sampleTarget } from "./profile-sampled.js";
import type { ProfiledColumn } from "./profile-sql.js";
import { widePasses } from "./profile-wide.js";

/** Options of `profileTable` (and of the browser ingest's profiles). */
export interface ProfileOptions {
  /** Rows in the preview (default 20). */
  previewRows?: number;
  /**
   * Up to this many rows every statistic is exact (default 1,000,000). Beyond, quartiles, and the distinct
   * counts, top values and text checks of columns with many distinct values, come from a sample of about
   * `sampleRows` rows; row, null and outlier counts, min, max, mean and duplicates stay exact (see
   * `profile-sampled.ts`).
   */
  exactRowLimit?: number;
  /** The rows a large table's sample aims at (default 200,000; fewer for wide tables). */
  sampleRows?: number;
  /** How many top values to keep per column (default 10). */
  topValues?: number;
  /** Columns per statistics query; wide tables are profiled in batches (default 100). */
  columnsPerQuery?: number;
  /** Tables wider than this (and at most a million rows) are profiled in long form (default 100). */
  wideColumns?: number;
}

/** What the text checks found in a text column (row counts); the cleaning suggestions are made from these. */
export interface TextChecks {
  whitespace: number;
  /** Rows spelled differently from the most common spelling of the same value up to case. */
  caseVariants: number;
  /** The case most of the column's rows already use (title when neither lower nor upper has half). */
  caseStyle: "lower" | "upper" | "title";
  numeric: number;
  integer: number;
  leadingZero: number;
  temporal: number;
  withTime: number;
}

/** A table's profile: column statistics, text checks, duplicate rows and a preview. */
export interface TableProfile {
  rowCount: number;
  columns: ColumnProfile[];
  /** Per column (same order): the text checks, or null for columns that are not text. */
  checks: (TextChecks | null)[];
  /** Rows that repeat an earlier row exactly. */
  duplicateRows: number;
  /** The first rows, shaped like a query result. */
  preview: QueryResult;
  /** Set when some statistics come from a sample: its row count (the columns concerned carry it too). */
  sampleRows?: number;
}

/**
 * Profiles a table (or view) through `all`, which runs Quarry's own SQL and reads the (small) result: a
 * native DuckDB connection on a server, DuckDB-WASM in a browser. The passes use core DuckDB functions only,
 * so both get the same profile; see `profileTable` for the passes and their costs.
 */
export async function profileTableWith(
  all: Runner,
  tableName: string,
  options: ProfileOptions = {},
): Promise<TableProfile> {
  const previewRows = options.previewRows ?? 20;
  const top = options.topValues ?? 10;
  const batch = Math.max(1, options.columnsPerQuery ?? 100);
  const table = quoteIdent(tableName);

  const described = await all(`DESCRIBE ${table}`);
  const columns: ProfiledColumn[] = described.rows.map(([name, type], index) => ({
    index,
    name: String(name),
    type: String(type),
    kind: sqlKindOf(String(type)),
  }));
  const rowCount = toCount((await all(`SELECT count(*) FROM ${table}`)).rows[0]?.[0]);
  const sampleRows = Math.max(1, options.sampleRows ?? 200_000);
  const sampling =
    rowCount > (options.exactRowLimit ?? 1_000_000) && rowCount > sampleTarget(sampleRows, columns.length);

  const passes = (ctx: PassContext) =>
    columns.length > (options.wideColumns ?? 100) && ctx.rowCount <= 1_000_000
      ? widePasses(ctx)
      : directPasses(ctx);
  const ctx: PassContext = { all, table: tableName, columns, rowCount, exact: true, top, batch };
  const { stats, values, outliers, ...sampled } = sampling
    ? await sampledPasses(ctx, sampleRows, passes)
    : { ...(await passes(ctx)), sampleRows: undefined, sampled: [] };

  const duplicateRows = rowCount === 0 ? 0 : await countDuplicates(all, table, columns);

  const sampleSize = Math.min(
    1_000,
    Math.max(previewRows, Math.floor(200_000 / Math.max(1, columns.length))),
  );
  const started = performance.now();
  const sample = await all(`SELECT * FROM ${table} LIMIT ${sampleSize}`);
  const preview: QueryResult = {
    // The described types, as the column profiles carry them; DuckDB-WASM's Arrow results name some apart.
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    rows: sample.rows.slice(0, previewRows),
    rowCount,
    truncated: rowCount > Math.min(previewRows, sample.rows.length),
    durationMs: Math.round(performance.now() - started),
  };

  const profiles = columns.map((c) => {
    const profile = columnProfile(
      c,
      rowCount,
      stats[c.index],
      values[c.index],
      outliers[c.index],
      sampleValues(sample.rows, c.index),
    );
    if (sampled.sampleRows !== undefined && sampled.sampled[c.index])
      profile.profileSampleRows = sampled.sampleRows;
    return profile;
  });
  const checks = columns.map((c) => (c.kind === "string" ? textChecks(values[c.index]) : null));
  return {
    rowCount,
    columns: profiles,
    checks,
    duplicateRows,
    preview,
    ...(sampled.sampleRows === undefined ? {} : { sampleRows: sampled.sampleRows }),
  };
}

/**
 * Rows that repeat an earlier row: those equal to their predecessor when the rows' 64-bit hashes are sorted.
 * Hashes because exact DISTINCT over thousands of columns is very slow in DuckDB (the chance of a collision
 * among 10 million rows is about three in a million); sorted because on the 3M flights the window's sort took
 * 0.53–0.67 s of CPU where `count(DISTINCT hash(…))`, a hash table of 3M entries, took 0.83–1.2 s (a GROUP BY
 * or a partitioned sort was slower still). Kept exact even for sampled profiles: duplicates rarely both land
 * in a sample, so a sample would miss them.
 */
async function countDuplicates(all: Runner, table: string, columns: ProfiledColumn[]): Promise<number> {
  const row = columns.map((c) => quoteIdent(c.name)).join(", ");
  const { rows } = await all(
    `SELECT count(*) FILTER (WHERE h = p) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM (SELECT hash(${row}) AS h FROM ${table}))`,
  );
  return toCount(rows[0]?.[0]);
}

function columnProfile(
  c: ProfiledColumn,
  rowCount: number,
  stats: Json | undefined,
  values: Json | undefined,
  outliers: Json | undefined,
  samples: Json[],
): ColumnProfile {
  const nonNull = toCount(field(stats, "nonNull"));
  const profile: ColumnProfile = {
    name: c.name,
    type: c.type,
    kind: columnKindOf(c.type),
    nullCount: rowCount - nonNull,
    nullRate: rowCount === 0 ? 0 : (rowCount - nonNull) / rowCount,
    // The values pass counts distinct values exactly (a GROUP BY) where it ran.
    distinctCount: Math.min(toCount(field(values, "distinct") ?? field(stats, "distinct")), nonNull),
  };
  if (isNumericKind(c.kind) || c.kind === "date" || c.kind === "timestamp") {
    profile.min = field(stats, "min") ?? null;
    profile.max = field(stats, "max") ?? null;
  }
  if (isNumericKind(c.kind)) {
    profile.mean = finite(field(stats, "mean"));
    profile.std = finite(field(stats, "std"));
    const q = field(stats, "quartiles");
    if (Array.isArray(q) && q.length === 3)
      profile.quantiles = { p25: q[0] ?? null, p50: q[1] ?? null, p75: q[2] ?? null };
    profile.outlierCount = toCount(outliers);
  }
  const topList = field(values, "top");
  if (Array.isArray(topList)) {
    profile.topValues = topList.map((entry) => ({
      value: shorten(field(entry, "value") ?? null),
      count: toCount(field(entry, "count")),
    }));
  }
  profile.sampleValues = samples;
  return profile;
}

function textChecks(values: Json | undefined): TextChecks {
  const lower = toCount(field(values, "lowerRows"));
  const upper = toCount(field(values, "upperRows"));
  const rows = toCount(field(values, "rows"));
  return {
    whitespace: toCount(field(values, "whitespace")),
    caseVariants: toCount(field(values, "caseVariants")),
    caseStyle: lower * 2 >= rows ? "lower" : upper * 2 >= rows ? "upper" : "title",
    numeric: toCount(field(values, "numeric")),
    integer: toCount(field(values, "integer")),
    leadingZero: toCount(field(values, "leadingZero")),
    temporal: toCount(field(values, "temporal")),
    withTime: toCount(field(values, "withTime")),
  };
}

/** Up to five distinct non-null values, in the order the sample rows show them. */
function sampleValues(rows: Json[][], index: number): Json[] {
  const seen = new Map<string, Json>();
  for (const row of rows) {
    const value = row[index];
    if (value === null || value === undefined) continue;
    const key = JSON.stringify(value);
    if (!seen.has(key)) seen.set(key, shorten(value));
    if (seen.size === 5) break;
  }
  return [...seen.values()];
}

/** Long text cut to 200 characters, so one huge cell cannot bloat the dataset record. */
function shorten(value: Json): Json {
  return typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

function finite(value: Json | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
