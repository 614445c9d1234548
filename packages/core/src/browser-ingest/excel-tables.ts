import { readWorkbookSheets } from "../ingest/workbook-sheets.js";
import type { WorkbookLimits } from "../ingest/zip-guard.js";
import type { IngestWorkspace } from "./ingest-database.js";
import { loadTypedRows, type StagedTable } from "./staged-table.js";
import { streamInflateRaw } from "./stream-inflate.js";

/**
 * An .xlsx workbook read as the server reads it (`readWorkbookSheets`: the zip check with the browser's
 * inflater, then SheetJS), each non-empty sheet loaded from JavaScript as Arrow into its own table.
 */
export async function readExcelTables(
  ws: IngestWorkspace,
  bytes: Uint8Array,
  fileName: string,
  limits: Required<WorkbookLimits>,
): Promise<StagedTable[]> {
  const sheets = await readWorkbookSheets(bytes, fileName, { limits, inflateRaw: streamInflateRaw });
  const staged: StagedTable[] = [];
  for (const { sheet, table } of sheets) {
    const name = ws.tableName();
    await loadTypedRows(ws, name, table);
    staged.push({ table: name, format: "xlsx", sheet, renamed: table.renamed });
  }
  return staged;
}
