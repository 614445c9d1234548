import { open } from "node:fs/promises";
import { QuarryError } from "@quarry/core";
import { detectFormat, detectHeadBytes } from "@quarry/core/ingest";

/** Name endings the ingest reads: its detection keeps these as CSV/TSV, JSON/NDJSON, workbooks or Parquet. */
const knownExtensions = new Set(["csv", "tsv", "tab", "txt", "json", "ndjson", "jsonl", "xlsx", "parquet"]);

/** What the message names as accepted. */
const accepted = "CSV, TSV, Excel (.xlsx), JSON or Parquet";

/**
 * Refuses with `UNSUPPORTED_MEDIA_TYPE` a file that is not a kind Quarry ingests, by the ingest's own rules:
 * what its format detection refuses from the first bytes (binary data, legacy `.xls`, gzip), and a name
 * ending in something other than a data-file extension (`.exe`, `.pdf`, `.docx`). A name without an
 * extension leaves the content to decide.
 *
 * An empty or blank file passes: it is a broken data file, not a wrong type, and the ingest refuses it with
 * `INVALID_FILE`. So does anything the readers find wrong later (a zip that is no workbook, a broken CSV).
 */
export async function checkUploadFormat(file: { path: string; fileName: string }): Promise<void> {
  const head = await readHead(file.path, detectHeadBytes);
  if (isBlank(head)) return;
  const name = JSON.stringify(file.fileName);
  try {
    detectFormat(head, file.fileName);
  } catch (error) {
    if (!QuarryError.is(error, "INVALID_FILE")) throw error;
    throw new QuarryError("UNSUPPORTED_MEDIA_TYPE", `${name} is not a ${accepted} file: ${error.message}`, {
      details: { fileName: file.fileName },
    });
  }
  const extension = /\.([a-z][a-z0-9]{0,9})$/i.exec(file.fileName)?.[1]?.toLowerCase();
  if (extension !== undefined && !knownExtensions.has(extension)) {
    throw new QuarryError("UNSUPPORTED_MEDIA_TYPE", `${name} is not a ${accepted} file.`, {
      details: { fileName: file.fileName },
    });
  }
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Nothing but ASCII whitespace after an optional UTF-8 byte order mark. */
function isBlank(head: Uint8Array): boolean {
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return head.subarray(start).every((byte) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d));
}
