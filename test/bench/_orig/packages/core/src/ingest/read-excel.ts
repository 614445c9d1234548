import { readFile } from "node:fs/promises";
import { type DuckDBAppender, DuckDBDateValue, DuckDBTimestampValue } from "@duckdb/node-api";
import type { WorkBook } from "@e965/xlsx";
import { QuarryError } from "../errors/quarry-error.js";
import { invalidFile } from "./detect-format.js";
import { errorMessage } from "./duckdb-errors.js";
import type { DuckDbWorkspace } from "./duckdb-workspace.js";
import { type SheetTable, type SheetValue, sheetToTable } from "./excel-sheet.js";
import type { SourceTable } from "./source-table.js";
import { quoteIdent } from "./sql-quote.js";
import { checkWorkbookZip, defaultWorkbookLimits, type WorkbookLimits } from "./zip-guard.js";

/** Options of {@link readExcel}. */
export interface ExcelOptions {
  /** Only this sheet (by name, or 0-based index); by default every non-empty sheet is a table. */
  sheet?: string | number;
  limits?: WorkbookLimits;
}

type SheetJs = typeof import("@e965/xlsx");

async function loadSheetJs(): Promise<SheetJs> {
  try {
    return await import("@e965/xlsx");
  } catch (cause) {
    throw new QuarryError("NOT_IMPLEMENTED", "Reading Excel files needs the optional package @e965/xlsx.", {
      cause,
    });
  }
}

/**
 * An .xlsx workbook through SheetJS: each non-empty sheet (or the chosen one) becomes a table with typed
 * columns (see `sheetToTable`). The archive is checked against {@link WorkbookLimits} before SheetJS parses
 * it, and the parsed cells are counted again after, so a zip bomb or an oversized sheet is an `INVALID_FILE`.
 * Rows go into DuckDB through its appender when the table is loaded; the workbook object itself is not kept.
 */
export async function readExcel(
  path: string,
  fileName: string,
  options: ExcelOptions = {},
): Promise<SourceTable[]> {
  const limits = { ...defaultWorkbookLimits, ...options.limits };
  const bytes = await readFile(path);
  await checkWorkbookZip(bytes, limits);
  const XLSX = await loadSheetJs();
  const parse = (extra: Parameters<SheetJs["read"]>[1]): WorkBook => {
    try {
      return XLSX.read(bytes, {
        type: "buffer",
        dense: true,
        cellDates: true,
        cellHTML: false,
        cellFormula: false,
        cellText: false,
        cellStyles: false,
        ...extra,
      });
    } catch (error) {
      throw invalidFile(
        `Could not read ${fileName} as an Excel workbook: ${errorMessage(error).slice(0, 200)}`,
        error,
      );
    }
  };
  const sheetNames = parse({ bookSheets: true }).SheetNames;
  const chosen = options.sheet === undefined ? undefined : pickSheet(sheetNames, options.sheet);
  const workbook = parse(chosen === undefined ? {} : { sheets: chosen });

  const tables: { sheet: string; table: SheetTable }[] = [];
  let cells = 0;
  for (const sheet of chosen === undefined ? sheetNames : [chosen]) {
    const worksheet = workbook.Sheets[sheet];
    const table = worksheet ? sheetToTable(worksheet) : null;
    if (!table) {
      if (chosen !== undefined) throw invalidFile(`The sheet ${JSON.stringify(sheet)} is empty.`);
      continue;
    }
    cells += table.cellCount;
    if (cells > limits.maxCells)
      throw invalidFile(`The workbook has more than ${limits.maxCells} cells, the limit.`);
    tables.push({ sheet, table });
  }
  if (tables.length === 0) throw invalidFile(`${fileName} has no data in any sheet.`);

  return tables.map(({ sheet, table }) => ({
    format: "xlsx",
    sheet,
    renamed: table.renamed,
    load: (target, tableName) => loadSheet(target, tableName, table),
  }));
}

function pickSheet(names: readonly string[], wanted: string | number): string {
  const found = typeof wanted === "number" ? names[wanted] : names.find((n) => n === wanted);
  if (found === undefined) {
    throw new QuarryError(
      "INVALID_INPUT",
      `The workbook has no sheet ${JSON.stringify(wanted)}; its sheets are ${names.map((n) => JSON.stringify(n)).join(", ")}.`,
    );
  }
  return found;
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
