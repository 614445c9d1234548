import type { Json } from "../model/common.js";

/**
 * Conversions every engine uses to make its values JSON-safe, so results look the same whichever engine
 * produced them.
 */

/** A big integer as a number when the number is exact, else as its decimal string. */
export function bigintToJson(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** A float: NaN and infinities have no JSON form, so they become the strings DuckDB prints for them. */
export function floatToJson(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

/** Days since 1970-01-01 as `YYYY-MM-DD` (years beyond 0–9999 keep their sign and digits). */
export function daysToIsoDate(days: number): string {
  return isoFromMillis(days * 86_400_000).slice(0, 10);
}

/**
 * Microseconds since the epoch as an ISO timestamp: `YYYY-MM-DDTHH:MM:SS.sss` for a naive timestamp, with `Z`
 * when the value is an instant (timestamp with time zone). Sub-millisecond digits are kept when present.
 */
export function microsToIsoTimestamp(micros: bigint, instant: boolean): string {
  const millis = micros / 1000n;
  const rest = Number(((micros % 1000n) + 1000n) % 1000n);
  const floorMillis = micros < 0n && rest !== 0 ? millis - 1n : millis;
  let iso = isoFromMillis(Number(floorMillis)).slice(0, -1);
  if (rest !== 0) iso += String(rest).padStart(3, "0");
  return instant ? `${iso}Z` : iso;
}

/** Microseconds since midnight as `HH:MM:SS` (with fractions when present). */
export function microsToIsoTime(micros: bigint): string {
  const total = Number(micros);
  const seconds = Math.floor(total / 1e6);
  const fraction = total % 1e6;
  const hh = String(Math.floor(seconds / 3600)).padStart(2, "0");
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}${fraction ? `.${String(fraction).padStart(6, "0").replace(/0+$/, "")}` : ""}`;
}

/** Bytes as base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A JS Date as the JSON form of a timestamp: instants end in `Z`. */
export function dateToJson(date: Date): string {
  return date.toISOString();
}

function isoFromMillis(millis: number): string {
  return new Date(millis).toISOString();
}

/** The types of values the JSON forms above produce. */
export type JsonScalar = Extract<Json, string | number | boolean | null>;
