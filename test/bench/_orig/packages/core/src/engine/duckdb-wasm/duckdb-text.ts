import { microsToIsoTime } from "../json-values.js";

/**
 * DuckDB's text forms of the types the native engine returns as strings (`value.toString()` in
 * `@duckdb/node-api`), rebuilt from the raw values DuckDB-WASM sends, so both engines answer alike.
 */

/** `1 year 2 months 3 days 04:05:06.5`, or `00:00:00` for an empty interval. */
export function intervalString(months: number, days: number, micros: bigint): string {
  const parts: string[] = [];
  const years = Math.trunc(months / 12);
  const extraMonths = months - years * 12;
  if (years !== 0) parts.push(unit(years, "year"));
  if (extraMonths !== 0) parts.push(unit(extraMonths, "month"));
  if (days !== 0) parts.push(unit(days, "day"));
  if (micros !== 0n) parts.push(micros < 0n ? `-${microsToIsoTime(-micros)}` : microsToIsoTime(micros));
  return parts.length > 0 ? parts.join(" ") : "00:00:00";
}

/** Bits of DuckDB's TIME WITH TIME ZONE: microseconds in the upper 40, the encoded offset in the lower 24. */
const offsetBits = 24n;
const maxOffsetSeconds = 16 * 60 * 60 - 1;

/** `10:30:00+02`, `10:30:00-05:30`. */
export function timeTzString(bits: bigint): string {
  const micros = bits >> offsetBits;
  const offset = maxOffsetSeconds - Number(bits & ((1n << offsetBits) - 1n));
  const absolute = Math.abs(offset);
  const hours = String(Math.floor(absolute / 3600)).padStart(2, "0");
  const minutes = Math.floor(absolute / 60) % 60;
  const seconds = absolute % 60;
  let zone = hours;
  if (minutes !== 0 || seconds !== 0) zone += `:${String(minutes).padStart(2, "0")}`;
  if (seconds !== 0) zone += `:${String(seconds).padStart(2, "0")}`;
  return `${microsToIsoTime(micros)}${offset < 0 ? "-" : "+"}${zone}`;
}

/** A BIT value as `0`/`1` characters; its first byte counts the padding bits that open the second. */
export function bitString(bytes: Uint8Array): string {
  const padding = bytes[0] ?? 0;
  let text = "";
  for (let k = 1; k < bytes.length; k++) text += (bytes[k] ?? 0).toString(2).padStart(8, "0");
  return text.slice(padding);
}

/** A UUID's 16 bytes, in the order of its text form. */
export function uuidString(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function unit(value: number, name: string): string {
  return `${value} ${name}${Math.abs(value) !== 1 ? "s" : ""}`;
}
