import type { WorkBook } from "@e965/xlsx";
import { QuarryError } from "../errors/quarry-error.js";
import { invalidFile } from "./detect-format.js";
import { errorMessage } from "./duckdb-errors.js";
import { type SheetTable, sheetToTable } from "./excel-sheet.js";
import { checkWorkbookZip, type InflateRaw, type WorkbookLimits } from "./zip-guard.js";

type SheetJs = typeof import("@e965/xlsx");

/** How {@link readWorkbookSheets} reads a workbook. */
export interface WorkbookReadOptions {
  limits: Required<WorkbookLimits>;
  /** The platform's inflater, for the zip check before SheetJS parses anything. */
  inflateRaw: InflateRaw;
  /** Only this sheet (by name, or 0-based index); by default every non-empty sheet. */
  sheet?: string | number;
}

/** A non-empty sheet of a workbook, typed (see `sheetToTable`). */
export interface WorkbookSheet {
  sheet: string;
  table: SheetTable;
}

/**
 * An .xlsx workbook's sheets as typed tables, for the server's and the browser's ingest alike; only loading
 * the rows into DuckDB differs between them. The archive is checked against the limits before SheetJS
 * (imported on first need) parses it, and the parsed cells are counted again after, so a zip bomb or an
 * oversized sheet is an `INVALID_FILE`.
 */
export async function readWorkbookSheets(
  bytes: Uint8Array,
  fileName: string,
  options: WorkbookReadOptions,
): Promise<WorkbookSheet[]> {
  const { limits } = options;
  await checkWorkbookZip(bytes, limits, options.inflateRaw);
  const XLSX = await loadSheetJs();
  const parse = (extra: Parameters<SheetJs["read"]>[1] = {}): WorkBook => {
    try {
      // "array" takes any Uint8Array, a Node Buffer too; for a zip SheetJS reads it exactly as "buffer".
      return XLSX.read(bytes, {
        type: "array",
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
  // One chosen sheet: list the names cheaply first, then parse only that sheet.
  const chosen =
    options.sheet === undefined
      ? undefined
      : pickSheet(parse({ bookSheets: true }).SheetNames, options.sheet);
  const workbook = parse(chosen === undefined ? {} : { sheets: chosen });

  const sheets: WorkbookSheet[] = [];
  let cells = 0;
  for (const sheet of chosen === undefined ? workbook.SheetNames : [chosen]) {
    const worksheet = workbook.Sheets[sheet];
    const table = worksheet ? sheetToTable(worksheet) : null;
    if (!table) {
      if (chosen !== undefined) throw invalidFile(`The sheet ${JSON.stringify(sheet)} is empty.`);
      continue;
    }
    cells += table.cellCount;
    if (cells > limits.maxCells)
      throw invalidFile(`The workbook has more than ${limits.maxCells} cells, the limit.`);
    sheets.push({ sheet, table });
  }
  if (sheets.length === 0) throw invalidFile(`${fileName} has no data in any sheet.`);
  return sheets;
}

async function loadSheetJs(): Promise<SheetJs> {
  try {
    return await import("@e965/xlsx");
  } catch (cause) {
    throw new QuarryError("NOT_IMPLEMENTED", "Reading Excel files needs the optional package @e965/xlsx.", {
      cause,
    });
  }
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
