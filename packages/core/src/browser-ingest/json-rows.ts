import { uniqueColumnNames } from "../ingest/column-names.js";
import { invalidFile } from "../ingest/detect-format.js";
import type { SheetColumnType } from "../ingest/excel-sheet.js";
import type { TypedRows, TypedValue } from "./staged-table.js";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoTimestamp = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

/**
 * A JSON array of objects (`json`; a single object is one record) or newline-delimited objects (`ndjson`)
 * parsed with `JSON.parse`, as typed rows: keys become columns in the order first seen, named exactly as
 * written (`uniqueColumnNames`). A column is BIGINT, DOUBLE or BOOLEAN when all its values are, DATE or
 * TIMESTAMP when all are ISO dates or date-times without a zone, else text; nested objects and arrays are
 * stored as their JSON text, and in a column of mixed kinds strings stay unquoted (as the Node ingest stores
 * them). Integers past 2^53 lose precision, as `JSON.parse` reads them.
 */
export function jsonRows(text: string, format: "json" | "ndjson", fileName: string): TypedRows {
  const records = format === "json" ? parseDocument(text, fileName) : parseLines(text, fileName);
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  if (keys.size === 0) {
    throw invalidFile(`${fileName} has no records with fields (an empty array or empty objects).`);
  }
  const order = [...keys];
  // Own keys only: a record without `toString` must not read the prototype's.
  const fieldOf = (record: JsonRecord, key: string) =>
    Object.hasOwn(record, key) ? (record[key] ?? null) : null;
  const types = order.map((key) => columnType(records.map((record) => fieldOf(record, key))));
  const { names, renamed } = uniqueColumnNames(order);
  const rows = records.map((record) =>
    order.map((key, c) => cell(fieldOf(record, key), types[c] ?? "VARCHAR")),
  );
  return { names, renamed, types, rows };
}

type JsonRecord = Record<string, unknown>;

function parseDocument(text: string, fileName: string): JsonRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidFile(`Could not read ${fileName} as JSON: ${reason(error)}`, error);
  }
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (!isRecord(item)) {
      throw invalidFile(`Could not read ${fileName} as JSON: item ${i + 1} is not an object.`);
    }
    return item;
  });
}

function parseLines(text: string, fileName: string): JsonRecord[] {
  const records: JsonRecord[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw invalidFile(`Could not read ${fileName} as JSON: line ${i + 1}: ${reason(error)}`, error);
    }
    if (!isRecord(value)) {
      throw invalidFile(`Could not read ${fileName} as JSON: line ${i + 1} is not an object.`);
    }
    records.push(value);
  }
  return records;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function columnType(values: readonly unknown[]): SheetColumnType {
  const kinds = new Set<string>();
  let integers = true;
  let dates = true;
  let timestamps = true;
  for (const value of values) {
    if (value === null) continue;
    if (typeof value === "number") {
      kinds.add("number");
      if (!Number.isSafeInteger(value)) integers = false;
    } else if (typeof value === "boolean") kinds.add("boolean");
    else if (typeof value === "string") {
      kinds.add("string");
      if (!isoDate.test(value)) dates = false;
      if (!isoTimestamp.test(value)) timestamps = false;
    } else kinds.add("nested");
  }
  if (kinds.size !== 1) return "VARCHAR";
  if (kinds.has("number")) return integers ? "BIGINT" : "DOUBLE";
  if (kinds.has("boolean")) return "BOOLEAN";
  if (kinds.has("string") && dates) return "DATE";
  if (kinds.has("string") && timestamps) return "TIMESTAMP";
  return "VARCHAR";
}

function cell(value: unknown, type: SheetColumnType): TypedValue {
  if (value === null) return null;
  if (type !== "VARCHAR") return value as TypedValue;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
