import type { CleaningOperation } from "../model/cleaning.js";
import type { ColumnKind } from "../model/dataset.js";
import { textToDoubleSql, textToTimestampSql, trimSql } from "../profile/text-parsing.js";

/** A cast target of a cleaning operation. */
export type CastTarget = Extract<CleaningOperation, { op: "cast" }>["to"];

/** The DuckDB type of each cast target. */
export const castTypes: Record<CastTarget, string> = {
  integer: "BIGINT",
  double: "DOUBLE",
  text: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/**
 * The expression that casts column `x` (of the given kind) to a target. Text is read the way the profiler
 * counted it (`text-parsing.ts`: trimmed, ISO or a known date layout, plain or scientific numbers); a value that
 * does not convert becomes NULL rather than failing the whole cleaning.
 */
export function castSql(x: string, from: ColumnKind, to: CastTarget): string {
  if (to === "text") return from === "string" ? x : `CAST(${x} AS VARCHAR)`;
  if (from !== "string") return `TRY_CAST(${x} AS ${castTypes[to]})`;
  switch (to) {
    case "integer":
      // Exact for long integers; numbers like `1e3` or `2.0` go through DOUBLE.
      return `coalesce(TRY_CAST(${trimSql(x)} AS BIGINT), TRY_CAST(${textToDoubleSql(x)} AS BIGINT))`;
    case "double":
      return textToDoubleSql(x);
    case "boolean":
      return `TRY_CAST(${trimSql(x)} AS BOOLEAN)`;
    case "date":
      return `CAST(${textToTimestampSql(x)} AS DATE)`;
    case "timestamp":
      return textToTimestampSql(x);
  }
}
