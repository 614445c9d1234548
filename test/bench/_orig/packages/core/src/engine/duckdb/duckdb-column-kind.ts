import type { ColumnKind } from "../../model/dataset.js";

const integerTypes = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
  "UHUGEINT",
]);

/**
 * The coarse kind of a DuckDB type name (as `DuckDBType.toString()` prints it), which planners and the UI
 * reason with. Enums and UUIDs read as strings; nested, binary, time-of-day and interval types are `other`.
 */
export function duckDbColumnKind(typeName: string): ColumnKind {
  const type = typeName.trim().toUpperCase();
  if (integerTypes.has(type)) return "integer";
  if (type === "FLOAT" || type === "DOUBLE" || type.startsWith("DECIMAL")) return "number";
  if (type === "VARCHAR" || type === "UUID" || type.startsWith("ENUM(")) return "string";
  if (type === "BOOLEAN") return "boolean";
  if (type === "DATE") return "date";
  if (/^TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?$/.test(type)) return "timestamp";
  return "other";
}
