import { duckDbColumnKind } from "../engine/duckdb/duckdb-column-kind.js";
import type { ColumnKind } from "../model/dataset.js";

/**
 * The coarse kind of a DuckDB type name, as the engine reports it (`BIGINT` → integer, `DECIMAL(18,2)` →
 * number, `UUID` → string, …), so a dataset's profile and the engine's `describeTable` agree.
 */
export function columnKindOf(type: string): ColumnKind {
  return duckDbColumnKind(type);
}

/**
 * The kind the profiler's and the cleaning's SQL work with: as {@link columnKindOf}, except that only
 * `VARCHAR` is text (a UUID or an ENUM reads as a string but has no `trim`, `lower` or casts from text).
 */
export function sqlKindOf(type: string): ColumnKind {
  const kind = duckDbColumnKind(type);
  return kind === "string" && type.trim().toUpperCase() !== "VARCHAR" ? "other" : kind;
}

/** Whether a kind is numeric. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === "integer" || kind === "number";
}
