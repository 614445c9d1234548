import { readFile } from "node:fs/promises";
import { type DuckDBAppender, DuckDBDateValue, DuckDBTimestampValue } from "@duckdb/node-api";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import type { SheetTable, SheetValue } from "./excel-sheet.js";
import { nodeInflateRaw } from "./node-inflate.js";
import type { SourceTable } from "./source-table.js";
import { quoteIdent } from "./sql-quote.js";
import { readWorkbookSheets } from "./workbook-sheets.js";
import { defaultWorkbookLimits, type WorkbookLimits } from "./zip-guard.js";

/** Options of {@link readExcel}. */
export interface ExcelOptions {
  /** Only this sheet (by name, or 0-based index); by default every non-empty sheet is a table. */
  sheet?: string | number;
  limits?: WorkbookLimits;
}

/**
 * An .xlsx workbook through SheetJS: each non-empty sheet (or the chosen one) becomes a table with typed
 * columns (see `readWorkbookSheets`, which also guards against zip bombs and oversized sheets). Rows go into
 * DuckDB through its appender when the table is loaded; the workbook object itself is not kept.
 */
export async function readExcel(
  path: string,
  fileName: string,
  options: ExcelOptions = {},
): Promise<SourceTable[]> {
  const sheets = await readWorkbookSheets(await readFile(path), fileName, {
    limits: { ...defaultWorkbookLimits, ...options.limits },
    inflateRaw: nodeInflateRaw,
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  });
  return sheets.map(({ sheet, table }) => ({
    format: "xlsx",
    sheet,
    renamed: table.renamed,
    load: (target, tableName) => loadSheet(target, tableName, table),
  }));
}

async function loadSheet(ws: DuckDbWorkspace, tableName: string, table: SheetTable): Promise<void> {
  const columns = table.names.map((name, i) => `${quoteIdent(name)} ${table.types[i] ?? "VARCHAR"}`);
  await ws.run(`CREATE TABLE ${quoteIdent(tableName)} (${columns.join(", ")})`);
  // The appender takes the name as it is (no SQL), so no quoting.
  const appender = await ws.connection.createAppender(tableName);
  try {
    for (const row of table.rows) {
      for (const [i, value] of row.entries()) append(appender, table.types[i] ?? "VARCHAR", value);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function append(appender: DuckDBAppender, type: SheetTable["types"][number], value: SheetValue): void {
  if (value === null) appender.appendNull();
  else if (type === "BIGINT") appender.appendBigInt(BigInt(value as number));
  else if (type === "DOUBLE") appender.appendDouble(value as number);
  else if (type === "BOOLEAN") appender.appendBoolean(value as boolean);
  else if (type === "DATE")
    appender.appendDate(new DuckDBDateValue(Math.floor((value as Date).getTime() / 86_400_000)));
  else if (type === "TIMESTAMP")
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt((value as Date).getTime()) * 1000n));
  else appender.appendVarchar(String(value));
}
