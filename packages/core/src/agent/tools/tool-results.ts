import type { QueryResult, TableInfo } from "../../engine/sql-engine.js";
import type { Json } from "../../model/common.js";
import type { ColumnProfile, Dataset, GlossaryEntry } from "../../model/dataset.js";

/**
 * The payloads the data tools hand the model: compact, JSON-safe, and stripped of row values when the
 * privacy setting says the model may see none.
 */

/** Strings longer than this are clipped in what the model sees, so one wide cell cannot flood its context. */
const maxCellChars = 500;

/** A cell as the model sees it. */
function clipCell(value: Json): Json {
  return typeof value === "string" && value.length > maxCellChars
    ? `${value.slice(0, maxCellChars)}… (${value.length} chars)`
    : value;
}

/** Rows as the model sees them: at most `limit`, long strings clipped. */
export function rowsForModel(rows: readonly Json[][], limit: number): Json[][] {
  return rows.slice(0, Math.max(0, limit)).map((row) => row.map(clipCell));
}

/** `list_tables`: names, row counts and column counts. */
export function listTablesPayload(tables: readonly TableInfo[]): Json {
  return {
    tables: tables.map((t) => ({ name: t.name, rowCount: t.rowCount, columnCount: t.columns.length })),
  };
}

/** The dataset whose table this is (case-insensitive, as SQL names match), if the caller passed it. */
export function datasetOfTable(datasets: readonly Dataset[], table: string): Dataset | undefined {
  const wanted = table.toLowerCase();
  return datasets.find((d) => d.tableName.toLowerCase() === wanted);
}

/**
 * A column's profile statistics. With `revealValues` false only aggregates stay: top and sample values
 * go, and so do min, max and quartiles of text-like columns, which are themselves cell values.
 */
function profileStats(profile: ColumnProfile, revealValues: boolean): Record<string, Json> {
  const valueLike = profile.kind === "string" || profile.kind === "other";
  const stats: Record<string, Json> = {
    nullRate: round(profile.nullRate),
    distinctCount: profile.distinctCount,
  };
  if (revealValues || !valueLike) {
    if (profile.min !== undefined) stats.min = profile.min;
    if (profile.max !== undefined) stats.max = profile.max;
    if (profile.quantiles !== undefined) stats.quantiles = profile.quantiles;
  }
  if (profile.mean !== undefined && profile.mean !== null) stats.mean = round(profile.mean);
  if (profile.std !== undefined && profile.std !== null) stats.std = round(profile.std);
  if (revealValues) {
    if (profile.topValues?.length) stats.topValues = profile.topValues.slice(0, 10);
    if (profile.sampleValues?.length) stats.sampleValues = profile.sampleValues.slice(0, 5).map(clipCell);
  }
  if (profile.description) stats.description = profile.description;
  return stats;
}

/** Rounds statistics to a few significant digits: the model needs their size, not their last bits. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

function glossaryPayload(glossary: readonly GlossaryEntry[]): Json[] {
  return glossary.map((g) => ({ term: g.term, meaning: g.meaning, ...(g.sql ? { sql: g.sql } : {}) }));
}

/** `describe_table`: the engine's columns, merged with the dataset's profile and glossary when known. */
export function describeTablePayload(
  table: TableInfo,
  dataset: Dataset | undefined,
  revealValues: boolean,
): Json {
  const profiles = new Map(dataset?.columns.map((c) => [c.name, c]) ?? []);
  return {
    table: table.name,
    rowCount: table.rowCount,
    columns: table.columns.map((column) => {
      const profile = profiles.get(column.name);
      return {
        name: column.name,
        type: column.type,
        kind: column.kind,
        ...(profile ? profileStats(profile, revealValues) : {}),
      };
    }),
    glossary: glossaryPayload(dataset?.glossary ?? []),
  };
}

/** `sample_rows`: a few rows, columns named once. */
export function sampleRowsPayload(table: string, result: QueryResult, limit: number): Json {
  return {
    table,
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: rowsForModel(result.rows, limit),
  };
}

/** `run_sql`: the shape of the result and at most `modelRows` of its rows. */
export function runSqlPayload(result: QueryResult, modelRows: number): Json {
  const rows = rowsForModel(result.rows, modelRows);
  return {
    rowCount: result.rowCount,
    truncated: result.truncated,
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows,
    rowsShown: rows.length,
    ...(modelRows === 0
      ? { note: "Row values are hidden by the privacy setting; the user sees the result." }
      : {}),
  };
}

/** A failure the model can act on: a stable code and a message saying what to change. */
export function errorPayload(code: string, message: string, extra: Record<string, Json> = {}): Json {
  return { error: { code, message, ...extra } };
}
