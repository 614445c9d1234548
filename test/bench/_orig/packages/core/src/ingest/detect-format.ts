import { QuarryError } from "../errors/quarry-error.js";
import type { DatasetFormat } from "../model/dataset.js";

/** A file format Quarry ingests. */
export type FileFormat = Exclude<DatasetFormat, "postgres">;

/** How a text file's bytes are encoded, as DuckDB's CSV reader names it. */
export type TextEncoding = "utf-8" | "utf-16" | "latin-1";

/** What the first bytes of a file say it is. */
export interface DetectedFormat {
  format: FileFormat;
  /** For text formats: the encoding the bytes look like. */
  encoding?: TextEncoding;
}

/** How many leading bytes {@link detectFormat} needs to decide. */
export const detectHeadBytes = 64 * 1024;

const textExtensions = /\.(csv|tsv|tab|txt)$/i;

/**
 * The format of a file from its first bytes (see {@link detectHeadBytes}), the name only breaking ties:
 *
 * - `PAR1` → Parquet; a zip (`PK\x03\x04`) → xlsx (the reader later checks it really is a workbook);
 * - text whose first non-space character is `[` → a JSON array, `{` → NDJSON when the first line is a whole
 *   JSON value (or the name ends in `.ndjson`/`.jsonl`), else JSON; a `.csv`/`.tsv`/`.txt` name keeps a text
 *   file CSV even when it starts with a bracket;
 * - any other text → CSV, or TSV when the name or the first line says tabs (the CSV sniffer has the last word).
 *
 * Throws `INVALID_FILE` for an empty file, a binary file (NUL bytes or many control characters), legacy
 * `.xls` and gzip.
 */
export function detectFormat(head: Uint8Array, fileName = ""): DetectedFormat {
  if (head.byteLength === 0) throw invalidFile("The file is empty.");
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { format: "parquet" };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: "xlsx" };
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) throw invalidFile("The file is an empty zip archive.");
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw invalidFile("Legacy .xls workbooks are not supported; save the file as .xlsx.");
  }
  if (startsWith(head, [0x1f, 0x8b]))
    throw invalidFile("Compressed (gzip) files are not supported; unpack it first.");

  const encoding = textEncoding(head);
  if (encoding === "utf-16") return { format: /\.tsv$|\.tab$/i.test(fileName) ? "tsv" : "csv", encoding };
  const offset = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const text = decode(head.subarray(offset), encoding);
  if (text.trim() === "") throw invalidFile("The file has no data (only whitespace).");
  const first = text.trimStart()[0];
  if ((first === "[" || first === "{") && !textExtensions.test(fileName)) {
    if (first === "[") return { format: "json", encoding };
    return {
      format: /\.(ndjson|jsonl)$/i.test(fileName) || firstLineIsJson(text) ? "ndjson" : "json",
      encoding,
    };
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const tabs = firstLine.split("\t").length;
  const tsv = /\.(tsv|tab)$/i.test(fileName) || (tabs > 1 && tabs > firstLine.split(",").length);
  return { format: tsv ? "tsv" : "csv", encoding };
}

/** A BOM decides; else UTF-8 when the bytes are valid UTF-8 (a sequence cut at the end is fine), else Latin-1. */
function textEncoding(head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return "utf-16";
  if (looksBinary(head)) throw invalidFile("The file is not a text file (it contains binary data).");
  return isUtf8(head) ? "utf-8" : "latin-1";
}

/** NUL bytes, or more than 10% control characters other than tab, newlines, form feed and escape. */
function looksBinary(head: Uint8Array): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b)
      control++;
  }
  return control > head.byteLength / 10;
}

/** Whether the bytes are valid UTF-8, allowing an incomplete sequence at the very end (the head was cut there). */
export function isUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decode(bytes: Uint8Array, encoding: TextEncoding): string {
  return new TextDecoder(encoding === "latin-1" ? "latin1" : "utf-8").decode(bytes);
}

function firstLineIsJson(text: string): boolean {
  const line = text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** An `INVALID_FILE` error with the reason. */
export function invalidFile(reason: string, cause?: unknown): QuarryError {
  return new QuarryError("INVALID_FILE", reason, cause === undefined ? {} : { cause });
}
