import Papa from "papaparse";
import { detectFormat } from "../ingest/detect-format.js";
import type { Json } from "../model/common.js";
import type { FilePreview, FilePreviewOptions } from "./file-preview.js";

const defaults = { rows: 50, maxBytes: 256 * 1024 };
/** Columns and characters a cell shows at most: a preview is a glance, not the data. */
const maxColumns = 200;
const maxCellLength = 500;

const noPreview = /\.(xlsx|xls|parquet|pdf|docx?|zip|gz)$/i;
const delimitedNames = /\.(csv|tsv|tab)$/i;

/** What {@link previewFile} does, loaded with PapaParse the first time a file is previewed. */
export async function parseFilePreview(
  file: Pick<File, "name" | "size" | "slice">,
  options: FilePreviewOptions = {},
): Promise<FilePreview | null> {
  const rows = Math.max(1, Math.floor(options.rows ?? defaults.rows));
  const maxBytes = Math.max(1, Math.floor(options.maxBytes ?? defaults.maxBytes));
  if (file.size === 0 || noPreview.test(file.name)) return null;
  try {
    const head = new Uint8Array(await file.slice(0, maxBytes).arrayBuffer());
    const cut = file.size > head.byteLength;
    const detected = detectFormat(head, file.name);
    const { format, encoding } = detected;
    if (format === "xlsx" || format === "parquet") return null;
    const label = encoding === "latin-1" ? "latin1" : encoding === "utf-16" ? utf16Label(head) : "utf-8";
    const text = new TextDecoder(label).decode(head);
    if (format === "json") return jsonArrayPreview(text, rows, cut);
    if (format === "ndjson") return ndjsonPreview(text, rows, cut);
    const strict = !delimitedNames.test(file.name);
    return delimitedPreview(text, format === "tsv" ? "\t" : "", rows, cut, strict);
  } catch {
    return null;
  }
}

function utf16Label(head: Uint8Array): string {
  return head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : "utf-16le";
}

/**
 * CSV or TSV through PapaParse, whose `preview` option stops after the rows asked for. `strict` (a `.txt` or unnamed file) asks that the text look like a table: a
 * delimiter PapaParse can tell, two columns or more, and most rows as wide as the header.
 */
function delimitedPreview(
  text: string,
  delimiter: string,
  rows: number,
  cut: boolean,
  strict: boolean,
): FilePreview | null {
  const parsed = Papa.parse<string[]>(text, {
    delimiter,
    delimitersToGuess: [",", "\t", ";", "|"],
    // The header, the rows asked for, and one more to tell whether there are more.
    preview: rows + 2,
    skipEmptyLines: "greedy",
  });
  let records = parsed.data.filter((record) => Array.isArray(record));
  // A slice can end mid-record; that last record is not shown (unless the preview stopped before it).
  if (cut && records.length < rows + 2) records = records.slice(0, -1);
  const [header, ...body] = records;
  if (!header) return null;
  if (strict) {
    const undetected = parsed.errors.some((error) => error.code === "UndetectableDelimiter");
    const even = body.filter((record) => record.length === header.length).length;
    if (undetected || header.length < 2 || (body.length > 0 && even < body.length * 0.8)) return null;
  }
  const shown = body.slice(0, rows);
  const width = Math.min(maxColumns, Math.max(header.length, ...shown.map((record) => record.length)));
  const names = Array.from({ length: width }, (_, i) => clip(header[i]?.trim() || `column_${i + 1}`));
  const cells = shown.map((record) => names.map((_, i) => (i < record.length ? clip(record[i]!) : null)));
  return {
    columns: names.map((name, i) => ({ name, type: guessType(cells.map((row) => row[i] ?? null)) })),
    rows: cells,
    truncated: cut || body.length > rows,
  };
}

/** The first elements of a JSON array, each parsed on its own, so a slice that ends mid-array still shows. */
function jsonArrayPreview(text: string, rows: number, cut: boolean): FilePreview | null {
  const records: Json[] = [];
  let more = false;
  for (const element of arrayElements(text)) {
    if (records.length === rows) {
      more = true;
      break;
    }
    try {
      records.push(JSON.parse(element) as Json);
    } catch {
      return records.length > 0 ? tableOf(records, true) : null;
    }
  }
  return records.length > 0 ? tableOf(records, more || cut) : null;
}

/** The complete elements of the array `text` opens, as text; stops at the end of the array or of the text. */
function* arrayElements(text: string): Generator<string> {
  const open = text.indexOf("[");
  if (open < 0 || text.slice(0, open).trim() !== "") return;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") depth++;
    else if ((char === "]" || char === "}") && depth > 0) depth--;
    else if (depth === 0 && (char === "," || char === "]")) {
      const element = text.slice(start, i).trim();
      if (element !== "") yield element;
      if (char === "]") return;
      start = i + 1;
    }
  }
}

/** The first lines of NDJSON; a line cut by the slice's end is left out, a broken one ends the preview. */
function ndjsonPreview(text: string, rows: number, cut: boolean): FilePreview | null {
  const lines = text.split(/\r?\n/);
  if (cut) lines.pop();
  const records: Json[] = [];
  let more = false;
  for (const line of lines) {
    if (line.trim() === "") continue;
    if (records.length === rows) {
      more = true;
      break;
    }
    try {
      records.push(JSON.parse(line) as Json);
    } catch {
      more = true;
      break;
    }
  }
  return records.length > 0 ? tableOf(records, more || cut) : null;
}

/** Records as a table: objects give a column per key (in order of first sight), other values one `value` column. */
function tableOf(records: Json[], truncated: boolean): FilePreview {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    if (!seen.has(name) && names.length < maxColumns) {
      seen.add(name);
      names.push(name);
    }
  };
  for (const record of records) {
    if (isObject(record)) for (const key of Object.keys(record)) add(key);
    else add("value");
  }
  const rows = records.map((record) =>
    names.map((name) => {
      const value = isObject(record) ? record[name] : name === "value" ? record : undefined;
      return cellOf(value);
    }),
  );
  return {
    columns: names.map((name, i) => ({
      name: clip(name),
      type: guessType(rows.map((row) => row[i] ?? null)),
    })),
    rows,
    truncated,
  };
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as a cell: scalars as they are, text clipped, nested values as (clipped) JSON text. */
function cellOf(value: Json | undefined): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return clip(value);
  if (typeof value === "object") return clip(JSON.stringify(value));
  return value;
}

function clip(text: string): string {
  return text.length > maxCellLength ? `${text.slice(0, maxCellLength - 1)}…` : text;
}

const numberText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A column's type as far as these cells tell: numbers (or number text) align right in the table. */
function guessType(cells: readonly Json[]): string {
  const present = cells.filter((cell) => cell !== null && cell !== "");
  if (present.length === 0) return "VARCHAR";
  if (
    present.every(
      (cell) => typeof cell === "number" || (typeof cell === "string" && numberText.test(cell.trim())),
    )
  )
    return "DOUBLE";
  if (present.every((cell) => typeof cell === "boolean")) return "BOOLEAN";
  return "VARCHAR";
}
