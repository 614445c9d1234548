import {
  DuckDBArrayValue,
  DuckDBBitValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeTZValue,
  DuckDBTimeValue,
  DuckDBUnionValue,
  DuckDBUUIDValue,
  type DuckDBValue,
} from "@duckdb/node-api";
import type { Json } from "../../model/common.js";
import {
  bigintToJson,
  bytesToBase64,
  daysToIsoDate,
  floatToJson,
  microsToIsoTime,
  microsToIsoTimestamp,
} from "../json-values.js";

/**
 * A value read from `@duckdb/node-api` as JSON: big integers as numbers when exact (else strings), decimals
 * as numbers, dates `YYYY-MM-DD`, timestamps ISO (`Z` for instants), blobs base64, lists arrays, structs and
 * maps objects.
 */
export function duckDbValueToJson(value: DuckDBValue): Json {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return floatToJson(value);
  if (typeof value === "bigint") return bigintToJson(value);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBDateValue) return daysToIsoDate(value.days);
  if (value instanceof DuckDBTimestampTZValue) return microsToIsoTimestamp(value.micros, true);
  if (value instanceof DuckDBTimestampValue) return microsToIsoTimestamp(value.micros, false);
  if (value instanceof DuckDBTimestampSecondsValue)
    return microsToIsoTimestamp(value.seconds * 1_000_000n, false);
  if (value instanceof DuckDBTimestampMillisecondsValue)
    return microsToIsoTimestamp(value.millis * 1000n, false);
  if (value instanceof DuckDBTimestampNanosecondsValue)
    return microsToIsoTimestamp(value.nanos / 1000n, false);
  if (value instanceof DuckDBTimeValue) return microsToIsoTime(value.micros);
  if (value instanceof DuckDBTimeTZValue) return value.toString();
  if (value instanceof DuckDBBlobValue) return bytesToBase64(value.bytes);
  if (value instanceof DuckDBUUIDValue) return value.toString();
  if (value instanceof DuckDBIntervalValue) return value.toString();
  if (value instanceof DuckDBBitValue) return value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue)
    return value.items.map(duckDbValueToJson);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, duckDbValueToJson(v)]));
  }
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(
      value.entries.map(({ key, value: v }) => [String(duckDbValueToJson(key)), duckDbValueToJson(v)]),
    );
  }
  if (value instanceof DuckDBUnionValue) return duckDbValueToJson(value.value);
  return String(value);
}
