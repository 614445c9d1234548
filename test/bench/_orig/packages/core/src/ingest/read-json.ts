import { QuarryError } from "../errors/quarry-error.js";
import { uniqueColumnNames } from "./column-names.js";
import { invalidFile } from "./detect-format.js";
import { duckDbReason, isConversionError } from "./duckdb-errors.js";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import { createTableAs, describeRelation, type SourceTable, storedColumnExpression } from "./source-table.js";
import { quoteIdent, quoteLiteral } from "./sql-quote.js";

/**
 * A JSON array of objects (`format: "json"`) or newline-delimited JSON objects (`"ndjson"`) through DuckDB's
 * `read_json`. Keys become columns, named exactly as written; nested objects and arrays are stored as JSON
 * text and keys whose values mix JSON types as text (see `storedColumnExpression`). Types are inferred from a
 * sample; when a later record contradicts them the whole file is scanned to type it.
 */
export async function readJson(
  ws: DuckDbWorkspace,
  path: string,
  fileName: string,
  format: "json" | "ndjson",
): Promise<SourceTable> {
  const paths = { [path]: fileName };
  const fail = (error: unknown): never => {
    if (error instanceof QuarryError) throw error;
    throw invalidFile(`Could not read ${fileName} as JSON: ${duckDbReason(error, paths)}`, error);
  };
  const plan = async (fullScan: boolean) => {
    const from = `read_json(${quoteLiteral(path)}, format = ${format === "json" ? "'auto'" : "'newline_delimited'"}${
      fullScan ? ", sample_size = -1" : ""
    })`;
    const columns = await describeRelation(ws, from);
    if (
      columns.length === 1 &&
      columns[0]?.name === "json" &&
      /^(JSON|MAP\(VARCHAR, JSON\))$/.test(columns[0].type)
    ) {
      throw invalidFile(`${fileName} has no records with fields (an empty array or empty objects).`);
    }
    const { names, renamed } = uniqueColumnNames(columns.map((c) => c.name));
    const list = columns.map(
      (c, i) => `${storedColumnExpression(c, quoteIdent(c.name))} AS ${quoteIdent(names[i] ?? c.name)}`,
    );
    return { select: `SELECT ${list.join(", ")} FROM ${from}`, renamed };
  };
  const first = await plan(false).catch(fail);
  const table: SourceTable = {
    format,
    renamed: first.renamed,
    async load(target, tableName) {
      try {
        await createTableAs(target, tableName, first.select);
      } catch (error) {
        if (!isConversionError(error)) fail(error);
        const full = await plan(true).catch(fail);
        table.renamed = full.renamed;
        await createTableAs(target, tableName, full.select).catch(fail);
      }
    },
  };
  return table;
}
