import { planCsv } from "../ingest/csv-plan.js";
import { invalidFile, type TextEncoding } from "../ingest/detect-format.js";
import { duckDbReason, isUnicodeError } from "../ingest/duckdb-errors.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { IngestWorkspace } from "./ingest-database.js";
import type { StagedTable } from "./staged-table.js";

/**
 * A CSV or TSV file read by DuckDB-WASM's own CSV reader over the file's bytes, planned as the server plans
 * it (`planCsv`: sniffed dialect and types, raw header names, short rows padded, failing columns re-read as
 * text), and re-read as Latin-1 when it turns out not to be UTF-8.
 */
export async function readCsvTable(
  ws: IngestWorkspace,
  bytes: Uint8Array,
  fileName: string,
  encoding: TextEncoding,
): Promise<StagedTable> {
  const path = await ws.registerFile(bytes, "csv");
  const table = ws.tableName();
  const fail = (error: unknown): never => {
    const reason = duckDbReason(error, { [path]: fileName });
    throw invalidFile(`Could not read ${fileName} as CSV: ${reason}`, error);
  };
  const load = async (encoding: TextEncoding): Promise<StagedTable> => {
    const plan = await planCsv(ws.all, path, encoding);
    // A retry with other column types replaces the table the failed attempt may have left.
    await plan.write((select) => ws.run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${select}`));
    return { table, format: plan.format, renamed: plan.renamed };
  };
  try {
    return await load(encoding);
  } catch (error) {
    // Bytes that are not UTF-8 may first appear past the sniffed sample; then the whole file is Latin-1.
    if (encoding !== "utf-8" || !isUnicodeError(error)) return fail(error);
    return load("latin-1").catch(fail);
  }
}
