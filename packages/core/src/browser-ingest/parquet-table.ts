import { parquetToArrowIpc } from "../engine/duckdb-wasm/parquet-to-arrow.js";
import { QuarryError } from "../errors/quarry-error.js";
import { uniqueColumnNames } from "../ingest/column-names.js";
import { invalidFile } from "../ingest/detect-format.js";
import { duckDbReason } from "../ingest/duckdb-errors.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { IngestWorkspace } from "./ingest-database.js";
import type { StagedTable } from "./staged-table.js";

/**
 * A Parquet file decoded in JavaScript by hyparquet (`parquetToArrowIpc`: DuckDB-WASM has no Parquet reader
 * without downloading one), one row group at a time, into a staging table; then copied under unique column
 * names. Nested columns are refused, as the engine refuses them.
 */
export async function readParquetTable(
  ws: IngestWorkspace,
  bytes: Uint8Array,
  fileName: string,
): Promise<StagedTable> {
  const stage = ws.tableName();
  const table = ws.tableName();
  try {
    let create = true;
    for await (const ipc of parquetToArrowIpc(fileName, bytes)) {
      await ws.connection.insertArrowFromIPCStream(ipc, { name: stage, create });
      create = false;
    }
  } catch (error) {
    if (QuarryError.is(error)) {
      throw invalidFile(
        error.message.replace(/^The table (".*?") could not be read/, "$1 could not be read"),
      );
    }
    const reason = duckDbReason(error, { [stage]: fileName });
    throw invalidFile(`Could not read ${fileName} as Parquet: ${reason}`, error);
  }
  const described = await ws.all(`DESCRIBE ${quoteIdent(stage)}`);
  const sourceNames = described.rows.map((row) => String(row[0]));
  if (sourceNames.length === 0) throw invalidFile(`${fileName} has no columns.`);
  const { names, renamed } = uniqueColumnNames(sourceNames);
  const list = sourceNames.map((source, i) => `${quoteIdent(source)} AS ${quoteIdent(names[i] ?? source)}`);
  await ws.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT ${list.join(", ")} FROM ${quoteIdent(stage)}`);
  await ws.run(`DROP TABLE ${quoteIdent(stage)}`);
  return { table, format: "parquet", renamed };
}
