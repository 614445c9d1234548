import type { RenamedColumn } from "../ingest/column-names.js";
import { detectHeadBytes, type FileFormat } from "../ingest/detect-format.js";
import type { WorkbookLimits } from "../ingest/zip-guard.js";
import { type ProfileOptions, profileTableWith, type TableProfile } from "../profile/table-profile.js";
import { arrowCopyOf } from "./canonical-copy.js";
import { readCsvTable } from "./csv-table.js";
import { readExcelTables } from "./excel-tables.js";
import type { IngestDatabase, IngestWorkspace } from "./ingest-database.js";
import { jsonRows } from "./json-rows.js";
import { readParquetTable } from "./parquet-table.js";
import { loadTypedRows, type StagedTable } from "./staged-table.js";
import { uploadFormat } from "./upload-type.js";

/** One table read from an upload: its profile and canonical copy, ready to be stored. */
export interface ReadTable {
  format: FileFormat;
  sheet?: string;
  renamed: RenamedColumn[];
  profile: TableProfile;
  /** The canonical copy: an Arrow IPC stream. */
  copy: Uint8Array;
}

/** How uploads are read. */
export interface ReadUploadOptions {
  workbookLimits: Required<WorkbookLimits>;
  profile?: ProfileOptions;
  signal?: AbortSignal;
}

/**
 * Reads one upload into the ingest database, by the format its bytes show: CSV and TSV through DuckDB-WASM's
 * CSV reader, JSON and NDJSON through `JSON.parse`, Parquet through hyparquet, workbooks through SheetJS
 * (one table per non-empty sheet); then profiles each table and takes its canonical copy. Nothing is stored
 * here; the ingest database is left empty again.
 */
export async function readUpload(
  database: IngestDatabase,
  bytes: Uint8Array,
  fileName: string,
  options: ReadUploadOptions,
): Promise<ReadTable[]> {
  const detected = uploadFormat(bytes.subarray(0, detectHeadBytes), fileName);
  return database.use(async (ws) => {
    const staged = await stage(ws, bytes, fileName, detected.format, detected.encoding ?? "utf-8", options);
    const tables: ReadTable[] = [];
    for (const table of staged) {
      options.signal?.throwIfAborted();
      const profile = await profileTableWith(ws.all, table.table, options.profile);
      options.signal?.throwIfAborted();
      tables.push({
        format: table.format,
        ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
        renamed: table.renamed,
        profile,
        copy: await arrowCopyOf(ws, table.table),
      });
    }
    return tables;
  });
}

async function stage(
  ws: IngestWorkspace,
  bytes: Uint8Array,
  fileName: string,
  format: FileFormat,
  encoding: "utf-8" | "utf-16" | "latin-1",
  options: ReadUploadOptions,
): Promise<StagedTable[]> {
  switch (format) {
    case "parquet":
      return [await readParquetTable(ws, bytes, fileName)];
    case "xlsx":
      return readExcelTables(ws, bytes, fileName, options.workbookLimits);
    case "json":
    case "ndjson": {
      const text = new TextDecoder(encoding === "latin-1" ? "latin1" : "utf-8").decode(bytes);
      const rows = jsonRows(text, format, fileName);
      const table = ws.tableName();
      await loadTypedRows(ws, table, rows);
      return [{ table, format, renamed: rows.renamed }];
    }
    default:
      // The worker takes the buffer; the caller's copy of these bytes is not used again.
      return [await readCsvTable(ws, bytes, fileName, encoding)];
  }
}
