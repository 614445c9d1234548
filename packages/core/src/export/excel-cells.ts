import type { CellObject } from "@e965/xlsx";
import type { Json } from "../model/common.js";

/** Excel's number formats for the date-like cells this module writes. */
export const excelDateFormats = {
  date: "yyyy-mm-dd",
  timestamp: "yyyy-mm-dd hh:mm:ss",
  time: "hh:mm:ss",
} as const;

/** The most characters Excel keeps in one cell; SheetJS refuses to write longer text. */
export const maxCellText = 32_767;

/** How a column's strings are read; numbers, booleans, lists and structs are typed by their JSON value. */
export type ColumnClass = "number" | "date" | "timestamp" | "time" | "text";

const numericType =
  /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?\d*|INT\d+|FLOAT\d*|DOUBLE( PRECISION)?|REAL|DECIMAL|NUMERIC|(BIG|SMALL)?SERIAL\d*|OID)\b/;

/**
 * Classifies an engine type name (DuckDB or Postgres spelling). Lists (`INTEGER[]`) are text: their values
 * are arrays and become JSON text anyway.
 */
export function columnClass(type: string): ColumnClass {
  const t = type.trim().toUpperCase();
  if (t.endsWith("]")) return "text";
  if (numericType.test(t)) return "number";
  if (t === "DATE") return "date";
  if (t.startsWith("TIMESTAMP") || t === "DATETIME") return "timestamp";
  if (t === "TIME" || t === "TIMETZ" || t.startsWith("TIME ")) return "time";
  return "text";
}

const plainInteger = /^[-+]?\d+$/;
const plainDecimal = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A numeric string (a big integer or a wide decimal) as a number only when nothing is lost: an integer must
 * survive the round trip exactly, a decimal must fit Excel's 15 significant digits. Otherwise `undefined`,
 * and the caller keeps the text, so an id like 12345678901234567891 is never silently changed.
 */
export function exactNumber(text: string): number | undefined {
  if (plainInteger.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) || BigInt(value) === BigInt(text) ? value : undefined;
  }
  if (!plainDecimal.test(text)) return undefined;
  const digits = text
    .replace(/[eE].*$/, "")
    .replace(/\D/g, "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  const value = Number(text);
  return digits.length <= 15 && Number.isFinite(value) ? value : undefined;
}

const msPerDay = 86_400_000;
/** Excel's day 0 is 1899-12-30 in the 1900 date system (which keeps Lotus's phantom 1900-02-29). */
const excelEpoch = Date.UTC(1899, 11, 30);
/** Before 1900-03-01 serials are off by one day in Excel, and before 1900 there are none: keep text there. */
const firstSafeDay = Date.UTC(1900, 2, 1);
const lastDay = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const isoDateTime =
  /^([-+]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[-+]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO date or timestamp as an Excel serial (days since 1899-12-30, the time as a fraction). Naive
 * timestamps keep their wall-clock time; instants (`Z` or an offset) are shown in UTC, since Excel cells
 * have no time zone. `undefined` when the value is not ISO or falls outside 1900-03-01 … 9999-12-31.
 */
export function excelSerial(iso: string): number | undefined {
  const m = isoDateTime.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d, hh = "0", mi = "0", ss = "0", frac = "", zone] = m;
  let millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss));
  millis += Math.round(Number(`0${frac}`) * 1000);
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offset = zone.slice(1).replace(":", "");
    millis -= sign * (Number(offset.slice(0, 2)) * 60 + Number(offset.slice(2) || 0)) * 60_000;
  }
  if (!Number.isFinite(millis) || millis < firstSafeDay || millis > lastDay) return undefined;
  return (millis - excelEpoch) / msPerDay;
}

/** A `Date` as an Excel serial in UTC. */
export function dateSerial(date: Date): number {
  return (date.getTime() - excelEpoch) / msPerDay;
}

/** `HH:MM:SS(.fff)` as a fraction of a day. */
function timeFraction(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!m) return undefined;
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return seconds < 86_400 ? seconds / 86_400 : undefined;
}

/**
 * A text cell. Always `t: "s"` and never a formula, so text such as `=HYPERLINK(…)` or `-2+3` is shown as
 * typed and never evaluated (formula injection). Text past Excel's cell limit is cut, with an ellipsis.
 */
export function textCell(text: string): CellObject {
  const v = text.length > maxCellText ? `${text.slice(0, maxCellText - 1)}…` : text;
  return { t: "s", v };
}

/** A number cell, with an optional number format. */
export function numberCell(value: number, format?: string): CellObject {
  return format === undefined ? { t: "n", v: value } : { t: "n", v: value, z: format };
}

/**
 * One result value as a typed cell: JSON numbers and booleans as themselves, strings by their column's
 * class (exact numbers, dates and timestamps as Excel serials with a date format), lists and structs as
 * JSON text. Null is `undefined`: an empty cell. Anything that cannot be typed safely stays text.
 */
export function valueCell(value: Json, cls: ColumnClass): CellObject | undefined {
  if (value === null) return undefined;
  if (typeof value === "boolean") return { t: "b", v: value };
  if (typeof value === "number") return Number.isFinite(value) ? numberCell(value) : textCell(String(value));
  if (typeof value === "object") return textCell(JSON.stringify(value));
  const serial = (() => {
    switch (cls) {
      case "number":
        return exactNumber(value);
      case "date":
      case "timestamp":
        return excelSerial(value);
      case "time":
        return timeFraction(value);
      default:
        return undefined;
    }
  })();
  if (serial === undefined) return textCell(value);
  if (cls === "number") return numberCell(serial);
  // A DATE column is a whole day; a TIMESTAMP column shows its time even at midnight, so rows line up.
  return numberCell(serial, excelDateFormats[cls as "date" | "timestamp" | "time"]);
}

/** How wide a cell's content is, in characters, for column widths. */
export function displayWidth(cell: CellObject | undefined): number {
  if (cell === undefined) return 0;
  if (cell.z !== undefined) return String(cell.z).length;
  if (cell.t === "b") return 5;
  const text = String(cell.v);
  // Only the longest line of multi-line text counts.
  return Math.max(...text.split("\n").map((line) => line.length));
}
