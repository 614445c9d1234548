import type { ColumnKind } from "../model/dataset.js";

/** The coarse kind of a DuckDB type name (`BIGINT` → integer, `DECIMAL(18,2)` → number, …). */
export function columnKindOf(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t)) return "integer";
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/.test(t)) return "number";
  if (t === "VARCHAR") return "string";
  if (t === "BOOLEAN") return "boolean";
  if (t === "DATE") return "date";
  if (/^TIMESTAMP/.test(t)) return "timestamp";
  return "other";
}

/** Whether a kind is numeric. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === "integer" || kind === "number";
}
