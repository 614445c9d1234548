import type { RenamedColumn } from "./column-names.js";
import type { FileFormat } from "./detect-format.js";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import { quoteIdent, quoteLiteral } from "./sql-quote.js";

/**
 * One table a reader found in a file. `load` creates it in the workspace with its final column names;
 * `renamed` and `format` are final once `load` has run (a CSV may switch to Latin-1 while loading).
 */
export interface SourceTable {
  format: FileFormat;
  /** For workbooks: the sheet it came from. */
  sheet?: string;
  /** Columns whose names had to change (see `uniqueColumnNames`). */
  renamed: RenamedColumn[];
  load(ws: DuckDbWorkspace, tableName: string): Promise<void>;
}

/** Creates a table from a query; DuckDB streams the source into it, nothing passes through JS. */
export function createTableAs(ws: DuckDbWorkspace, tableName: string, select: string): Promise<void> {
  return ws.run(`CREATE TABLE ${quoteIdent(tableName)} AS ${select}`);
}

/** Writes a query's result as zstd-compressed Parquet. */
export function copyToParquet(ws: DuckDbWorkspace, select: string, out: string): Promise<void> {
  return ws.run(`COPY (${select}) TO ${quoteLiteral(out)} (FORMAT parquet, COMPRESSION zstd)`);
}

/** Types that hold nested values; Quarry stores these as JSON text (see `jsonTextColumn`). */
export function isNestedType(type: string): boolean {
  return /^(STRUCT|MAP|UNION|JSON\b)|\[\d*\]$/.test(type);
}

/** A column as DuckDB describes a relation. */
export interface DescribedColumn {
  name: string;
  type: string;
}

/** The columns of `SELECT * FROM <from>` (nothing is read beyond what DuckDB needs to type them). */
export async function describeRelation(ws: DuckDbWorkspace, from: string): Promise<DescribedColumn[]> {
  const { rows } = await ws.all(`DESCRIBE SELECT * FROM ${from}`);
  return rows.map(([name, type]) => ({ name: String(name), type: String(type) }));
}

/**
 * The select-list expression that stores a column: nested values (structs, lists, maps) become their JSON
 * text and a column of mixed JSON types (DuckDB's `JSON`) becomes text with strings unquoted, so every stored
 * column is a plain scalar that every engine can filter, group and profile.
 */
export function storedColumnExpression(column: DescribedColumn, quotedName: string): string {
  if (column.type === "JSON") return `json_extract_string(${quotedName}, '$')`;
  if (isNestedType(column.type)) return `CAST(to_json(${quotedName}) AS VARCHAR)`;
  return quotedName;
}
