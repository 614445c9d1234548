import { QuarryError } from "../errors/quarry-error.js";
import { uniqueColumnNames } from "./column-names.js";
import { invalidFile } from "./detect-format.js";
import { duckDbReason } from "./duckdb-errors.js";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import { describeRelation, type SourceTable, selectWriters, storedColumnExpression } from "./source-table.js";
import { quoteIdent, quoteLiteral } from "./sql-quote.js";

/**
 * A Parquet file through `read_parquet`. It is rewritten rather than stored as given so the canonical copy
 * always has unique names, zstd compression and nested values as JSON text, whatever wrote the original.
 */
export async function readParquet(ws: DuckDbWorkspace, path: string, fileName: string): Promise<SourceTable> {
  const paths = { [path]: fileName };
  const fail = (error: unknown): never => {
    if (error instanceof QuarryError) throw error;
    throw invalidFile(`Could not read ${fileName} as Parquet: ${duckDbReason(error, paths)}`, error);
  };
  const from = `read_parquet(${quoteLiteral(path)})`;
  const columns = await describeRelation(ws, from).catch(fail);
  if (columns.length === 0) throw invalidFile(`${fileName} has no columns.`);
  const { names, renamed } = uniqueColumnNames(columns.map((c) => c.name));
  const list = columns.map(
    (c, i) => `${storedColumnExpression(c, quoteIdent(c.name))} AS ${quoteIdent(names[i] ?? c.name)}`,
  );
  return {
    format: "parquet",
    renamed,
    width: columns.length,
    ...selectWriters((_, sink) => sink(`SELECT ${list.join(", ")} FROM ${from}`).catch(fail)),
  };
}
