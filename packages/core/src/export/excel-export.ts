import type { CellObject, ColInfo, WorkSheet } from "@e965/xlsx";
import * as XLSX from "@e965/xlsx";
import type { QueryResult } from "../engine/sql-engine.js";
import {
  type ColumnClass,
  columnClass,
  dateSerial,
  displayWidth,
  excelDateFormats,
  numberCell,
  textCell,
  valueCell,
} from "./excel-cells.js";

/** The media type of an `.xlsx` file, for a `file` message part or a download response. */
export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Excel's limits: 1,048,576 rows (one is the header) and 16,384 columns per sheet. */
export const excelLimits = { dataRows: 1_048_575, columns: 16_384 } as const;

/** What {@link exportXlsx} writes. */
export interface XlsxExportInput {
  result: QueryResult;
  /** The question the result answers, shown on the "Query" sheet. */
  question?: string;
  /** The SQL that produced the result. */
  sql?: string;
  /** Names of the datasets the SQL read. */
  datasets?: string[];
  /** When the query ran; shown in UTC. */
  executedAt?: Date;
  /** At most this many data rows on the Result sheet; never more than Excel's 1,048,575 (the default). */
  maxRows?: number;
  /** The result sheet's name (default "Result"); cut to Excel's 31 characters, `[]:*?/\` removed. */
  sheetName?: string;
}

/** How many rows are sampled to size columns; enough to see typical content, cheap on a million rows. */
const widthSampleRows = 1_000;
const minWidth = 6;
const maxWidth = 60;

/**
 * A query result as an Excel workbook (`.xlsx` bytes), written with SheetJS.
 *
 * - **Result** sheet: a header row of column names, then one row per result row with typed cells. Numbers
 *   (including decimals) are numbers; big integers given as strings are numbers only when exact, else text;
 *   booleans are booleans; DATE, TIMESTAMP and TIME values are Excel serials formatted `yyyy-mm-dd`,
 *   `yyyy-mm-dd hh:mm:ss` and `hh:mm:ss` (instants in UTC; dates before 1900-03-01 stay ISO text, as Excel
 *   cannot show them); nulls are empty cells; lists and structs are JSON text; NaN and infinities are text.
 *   Text is always a string cell, never a formula, so `=cmd|…` is shown, not run. Columns are sized from the
 *   header and the first 1,000 rows, and the header has an autofilter. Freezing the header is not possible:
 *   the SheetJS community edition does not write panes.
 * - **Query** sheet: the question, SQL, datasets, execution time (an Excel date), the total row count, the
 *   rows in the file, whether rows were left out, and a note saying why when they were (the query's row cap,
 *   or Excel's limit of 1,048,575 data rows, to which the Result sheet is cut, or a lower `maxRows`).
 */
export function exportXlsx(input: XlsxExportInput): Uint8Array {
  const { result } = input;
  const columns = result.columns.slice(0, excelLimits.columns);
  const cap = Math.max(0, Math.min(input.maxRows ?? excelLimits.dataRows, excelLimits.dataRows));
  const rows = result.rows.length > cap ? result.rows.slice(0, cap) : result.rows;

  const workbook = XLSX.utils.book_new();
  const resultName = sheetNameOf(input.sheetName);
  XLSX.utils.book_append_sheet(workbook, resultSheet(columns, rows), resultName);
  XLSX.utils.book_append_sheet(
    workbook,
    querySheet(input, rows.length, columns.length),
    resultName.toLowerCase() === "query" ? "Query details" : "Query",
  );
  const out = XLSX.write(workbook, { type: "array", bookType: "xlsx", bookSST: true, compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

function resultSheet(columns: QueryResult["columns"], rows: QueryResult["rows"]): WorkSheet {
  const classes: ColumnClass[] = columns.map((column) => columnClass(column.type));
  const widths = columns.map((column) => column.name.length);
  // A dense sheet (`!data`): rows of cells instead of one object key per cell, much smaller for big results.
  const data: (CellObject | undefined)[][] = [columns.map((column) => textCell(column.name))];
  for (const [r, row] of rows.entries()) {
    const cells = classes.map((cls, c) => valueCell(row[c] ?? null, cls));
    if (r < widthSampleRows) {
      for (const [c, cell] of cells.entries()) widths[c] = Math.max(widths[c] ?? 0, displayWidth(cell));
    }
    data.push(cells);
  }
  const lastColumn = Math.max(columns.length - 1, 0);
  const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: lastColumn } });
  const sheet: WorkSheet = { "!data": data as CellObject[][], "!ref": range };
  sheet["!cols"] = widths.map((w): ColInfo => ({ wch: Math.min(Math.max(w + 2, minWidth), maxWidth) }));
  if (columns.length > 0) sheet["!autofilter"] = { ref: range };
  return sheet;
}

function querySheet(input: XlsxExportInput, rowsInSheet: number, columnsInSheet: number): WorkSheet {
  const { result } = input;
  const note = truncationNote(result, rowsInSheet, columnsInSheet);
  const entries: [string, CellObject | undefined][] = [
    ["Question", input.question === undefined ? undefined : textCell(input.question)],
    ["SQL", input.sql === undefined ? undefined : textCell(input.sql)],
    ["Datasets", input.datasets?.length ? textCell(input.datasets.join(", ")) : undefined],
    [
      "Executed at (UTC)",
      input.executedAt && !Number.isNaN(input.executedAt.getTime())
        ? numberCell(dateSerial(input.executedAt), excelDateFormats.timestamp)
        : undefined,
    ],
    ["Rows", numberCell(result.rowCount)],
    ["Rows in this file", numberCell(rowsInSheet)],
    ["Truncated", textCell(note === undefined ? "no" : "yes")],
  ];
  if (note !== undefined) entries.push(["Note", textCell(note)]);
  const data = entries.map(([label, cell]) => [textCell(label), cell]);
  const valueWidth = Math.max(...entries.map(([, cell]) => displayWidth(cell)));
  return {
    "!data": data as CellObject[][],
    "!ref": XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length - 1, c: 1 } }),
    "!cols": [{ wch: 20 }, { wch: Math.min(Math.max(valueWidth + 2, 20), 100) }],
  };
}

function truncationNote(
  result: QueryResult,
  rowsInSheet: number,
  columnsInSheet: number,
): string | undefined {
  const notes: string[] = [];
  const total = Math.max(result.rowCount, result.rows.length);
  if (rowsInSheet < result.rows.length) {
    const why =
      rowsInSheet === excelLimits.dataRows
        ? `Excel allows ${fmt(excelLimits.dataRows)} data rows per sheet`
        : "the export's row limit";
    notes.push(`The Result sheet holds the first ${fmt(rowsInSheet)} of ${fmt(total)} rows: ${why}.`);
  } else if (result.truncated || rowsInSheet < total) {
    notes.push(`The query returned the first ${fmt(rowsInSheet)} of ${fmt(total)} rows (its row limit).`);
  }
  if (columnsInSheet < result.columns.length) {
    notes.push(
      `Only the first ${fmt(columnsInSheet)} of ${fmt(result.columns.length)} columns fit: Excel allows ${fmt(excelLimits.columns)}.`,
    );
  }
  return notes.length > 0 ? notes.join(" ") : undefined;
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Excel sheet names: 1–31 characters, none of `[]:*?/\`, not starting or ending with an apostrophe. */
function sheetNameOf(name: string | undefined): string {
  const clean = (name ?? "")
    .replace(/[[\]:*?/\\\p{Cc}]/gu, " ")
    .trim()
    .slice(0, 31)
    .replace(/^'+|'+$/g, "")
    .trim();
  return clean === "" ? "Result" : clean;
}
