import type { CellObject, WorkSheet } from "@e965/xlsx";
import { type RenamedColumn, uniqueColumnNames } from "./column-names.js";

/** The DuckDB type a sheet column is stored as. */
export type SheetColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "DATE" | "TIMESTAMP" | "VARCHAR";

/** A cell value after typing: what the appender writes. */
export type SheetValue = number | boolean | Date | string | null;

/** A sheet as typed columns. */
export interface SheetTable {
  names: string[];
  renamed: RenamedColumn[];
  types: SheetColumnType[];
  /** Row-major values, each matching its column's type. */
  rows: SheetValue[][];
  cellCount: number;
}

/**
 * A SheetJS dense worksheet (read with `dense` and `cellDates`) as a table.
 *
 * - The first non-empty row is the header when all its cells are text; otherwise there is no header and
 *   columns are `column_1`, `column_2`, …. A header cell covered by a merge takes the merge's text (`Q1`, `Q1_2`).
 * - Completely empty rows, and columns with neither a header nor data, are dropped; error cells are null.
 * - A column is BIGINT, DOUBLE, BOOLEAN, DATE (dates at midnight) or TIMESTAMP when all its cells agree,
 *   else VARCHAR with each cell's value as text (dates as ISO strings).
 */
export function sheetToTable(sheet: WorkSheet): SheetTable | null {
  const data = (sheet["!data"] ?? []) as (CellObject | null | undefined)[][];
  const grid: (CellObject | null)[][] = [];
  let width = 0;
  let cellCount = 0;
  let headerRow = -1;
  for (const [r, row] of data.entries()) {
    const cells = (row ?? []).map((cell) => (isValue(cell) ? cell : null));
    const used = cells.filter((c) => c !== null).length;
    if (used === 0) continue;
    if (headerRow < 0) headerRow = r;
    cellCount += used;
    width = Math.max(width, cells.length);
    grid.push(cells);
  }
  if (grid.length === 0) return null;

  const first = grid[0] ?? [];
  const hasHeader = first.every((cell) => cell === null || cell.t === "s");
  const header: (string | null)[] = hasHeader
    ? Array.from({ length: width }, (_, c) => (first[c]?.v as string | undefined) ?? null)
    : [];
  if (hasHeader) fillMergedHeader(sheet, header, headerRow);
  const body = hasHeader ? grid.slice(1) : grid;

  const keep = Array.from({ length: width }, (_, c) => c).filter(
    (c) => (header[c] ?? "") !== "" || body.some((row) => row[c] != null),
  );
  const { names, renamed } = uniqueColumnNames(keep.map((c) => header[c] ?? null));
  const types = keep.map((c) => columnType(body.map((row) => row[c] ?? null)));
  const rows = body.map((row) => keep.map((c, i) => typedValue(row[c] ?? null, types[i] ?? "VARCHAR")));
  return { names, renamed, types, rows, cellCount };
}

/** Header cells inside a merge that starts on the header row get the merge's text. */
function fillMergedHeader(sheet: WorkSheet, header: (string | null)[], headerRow: number): void {
  for (const merge of sheet["!merges"] ?? []) {
    if (merge.s.r > headerRow || merge.e.r < headerRow) continue;
    const text = header[merge.s.c];
    if (!text) continue;
    for (let c = merge.s.c + 1; c <= merge.e.c && c < header.length; c++) header[c] ??= text;
  }
}

/** A cell with a value: not a stub, not an error (`#DIV/0!`), not an empty string. */
function isValue(cell: CellObject | null | undefined): cell is CellObject {
  return !!cell && cell.t !== "z" && cell.t !== "e" && cell.v !== undefined && cell.v !== "";
}

function columnType(cells: (CellObject | null)[]): SheetColumnType {
  const kinds = new Set<string>();
  let integers = true;
  let midnight = true;
  for (const cell of cells) {
    if (!cell) continue;
    if (cell.v instanceof Date) {
      kinds.add("d");
      if (cell.v.getTime() % 86_400_000 !== 0) midnight = false;
    } else if (typeof cell.v === "number") {
      kinds.add("n");
      if (!Number.isSafeInteger(cell.v)) integers = false;
    } else if (typeof cell.v === "boolean") kinds.add("b");
    else kinds.add("s");
  }
  if (kinds.size !== 1) return "VARCHAR";
  if (kinds.has("n")) return integers ? "BIGINT" : "DOUBLE";
  if (kinds.has("b")) return "BOOLEAN";
  if (kinds.has("d")) return midnight ? "DATE" : "TIMESTAMP";
  return "VARCHAR";
}

function typedValue(cell: CellObject | null, type: SheetColumnType): SheetValue {
  if (!cell || cell.v === undefined) return null;
  const value = cell.v;
  if (type !== "VARCHAR") return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, -1);
  }
  return String(value);
}
