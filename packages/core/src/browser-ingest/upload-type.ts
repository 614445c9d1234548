import { QuarryError } from "../errors/quarry-error.js";
import { type DetectedFormat, detectFormat, invalidFile } from "../ingest/detect-format.js";

/** Name endings the ingest reads; any other ending is refused (`.pdf`, `.exe`, `.docx`). */
const knownExtensions = new Set(["csv", "tsv", "tab", "txt", "json", "ndjson", "jsonl", "xlsx", "parquet"]);

/** What the messages name as accepted. */
const accepted = "CSV, TSV, Excel (.xlsx), JSON or Parquet";

/**
 * The format of an upload from its first bytes, with the server's rules (`upload-format.ts` of the server
 * adapters): an empty or blank file is a broken data file (`INVALID_FILE`); what format detection refuses
 * (binary data, legacy `.xls`, gzip) and a name ending in something other than a data-file extension are
 * the wrong kind of file (`UNSUPPORTED_MEDIA_TYPE`). A name without an extension leaves the content to decide.
 */
export function uploadFormat(head: Uint8Array, fileName: string): DetectedFormat {
  const name = JSON.stringify(fileName);
  if (isBlank(head)) throw invalidFile(`${name} is empty.`);
  let detected: DetectedFormat;
  try {
    detected = detectFormat(head, fileName);
  } catch (error) {
    if (!QuarryError.is(error, "INVALID_FILE")) throw error;
    throw new QuarryError("UNSUPPORTED_MEDIA_TYPE", `${name} is not a ${accepted} file: ${error.message}`, {
      details: { fileName },
    });
  }
  const extension = /\.([a-z][a-z0-9]{0,9})$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension !== undefined && !knownExtensions.has(extension)) {
    throw new QuarryError("UNSUPPORTED_MEDIA_TYPE", `${name} is not a ${accepted} file.`, {
      details: { fileName },
    });
  }
  return detected;
}

/** Nothing but ASCII whitespace after an optional UTF-8 byte order mark. */
function isBlank(head: Uint8Array): boolean {
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return head.subarray(start).every((byte) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d));
}
