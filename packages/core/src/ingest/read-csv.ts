import { QuarryError } from "../errors/quarry-error.js";
import { type CsvPlan, planCsv } from "./csv-plan.js";
import { invalidFile, type TextEncoding } from "./detect-format.js";
import { duckDbReason, isUnicodeError } from "./duckdb-errors.js";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import { type SourceTable, selectWriters } from "./source-table.js";

/**
 * A CSV or TSV file through DuckDB's sniffer (delimiter, quoting, header, types; see `planCsv`). Rows with
 * fewer fields are padded with nulls; a row with more fields than the sniffer saw is an `INVALID_FILE`. A
 * column whose sniffed type fails further down the file is re-read as text; a file that is not UTF-8 after
 * all is re-read as Latin-1.
 */
export async function readCsv(
  ws: DuckDbWorkspace,
  path: string,
  fileName: string,
  encoding: TextEncoding,
): Promise<SourceTable> {
  const paths = { [path]: fileName };
  // A non-UTF-8 file is left to the Latin-1 retry below; every other DuckDB failure gets the user's wording.
  const fail = (error: unknown): never => {
    if (isUnicodeError(error) || error instanceof QuarryError) throw error;
    throw invalidFile(`Could not read ${fileName} as CSV: ${duckDbReason(error, paths)}`, error);
  };
  const planWith = (target: DuckDbWorkspace, encoding: TextEncoding) =>
    planCsv((sql) => target.all(sql), path, encoding).catch(fail);
  let plan: CsvPlan;
  try {
    plan = await planWith(ws, encoding);
  } catch (error) {
    if (encoding === "utf-8" && isUnicodeError(error)) plan = await planWith(ws, "latin-1");
    else throw error;
  }
  const table: SourceTable = {
    format: plan.format,
    renamed: plan.renamed,
    width: plan.width,
    ...selectWriters(async (target, sink) => {
      try {
        await plan.write(sink).catch(fail);
      } catch (error) {
        // Bytes that are not UTF-8 may first appear past the sniffed sample; then the whole file is Latin-1
        // (header included, so names and format are taken from the new plan).
        if (plan.encoding !== "utf-8" || !isUnicodeError(error)) throw error;
        plan = await planWith(target, "latin-1");
        table.format = plan.format;
        table.renamed = plan.renamed;
        table.width = plan.width;
        await plan.write(sink).catch(fail);
      }
    }),
  };
  return table;
}
