import type { Json } from "../model/common.js";
import type { ResultColumn } from "../model/message-part.js";

/** A file's first rows, read in the page before (and while) it uploads. */
export interface FilePreview {
  /** Column names from the file; `type` is a guess from these rows: `DOUBLE`, `BOOLEAN` or `VARCHAR`. */
  columns: ResultColumn[];
  /** The rows as the file writes them: CSV cells stay text, JSON values keep their type (nested ones as JSON text). */
  rows: Json[][];
  /** Whether the file may hold more rows than these. */
  truncated: boolean;
}

/** Options of {@link previewFile}. */
export interface FilePreviewOptions {
  /** Rows to read. Default 50. */
  rows?: number;
  /** Bytes read from the start of the file, whatever its size. Default 256 KiB. */
  maxBytes?: number;
}

/**
 * The first rows of a data file, parsed in the page from a slice of its start (never the whole file), so a
 * table can show at once while the upload and the engine's profile take their time. CSV, TSV and `.txt` or
 * unnamed text that looks delimited are read with PapaParse; JSON arrays and NDJSON are read as JSON. Excel
 * and Parquet files, text that is not delimited, binary data and anything that fails to parse give null:
 * the preview is a convenience, and the upload's own checks have the last word on what the file is.
 *
 * The parsers (PapaParse included) are loaded on the first call, so a page that never previews a file never
 * downloads them.
 *
 * @example
 * ```ts
 * const preview = await previewFile(input.files[0]);
 * if (preview) renderTable(preview.columns, preview.rows);
 * ```
 */
export async function previewFile(
  file: Pick<File, "name" | "size" | "slice">,
  options: FilePreviewOptions = {},
): Promise<FilePreview | null> {
  const { parseFilePreview } = await import("./parse-file-preview.js");
  return parseFilePreview(file, options);
}
