import type { Json } from "../../model/common.js";
import type { ColumnKind } from "../../model/dataset.js";
import {
  bigintToJson,
  bytesToBase64,
  daysToIsoDate,
  floatToJson,
  microsToIsoTimestamp,
} from "../json-values.js";

/**
 * PostgreSQL values as JSON, from the text the server sends. The engine asks the driver for raw text
 * (per query, never by changing a driver's global parsers) and converts here, so `pg` and PGlite give the
 * same results, and they match the DuckDB engine's: big integers as numbers when exact else strings,
 * numerics as numbers when exact else strings, dates `YYYY-MM-DD`, timestamps ISO (`Z` for `timestamptz`),
 * json/jsonb as JSON, arrays as arrays, bytea base64. Everything else stays the server's text.
 *
 * The text forms assumed are those of the settings the engine pins in every transaction: `DateStyle` ISO,
 * `bytea_output` hex, `extra_float_digits` 1.
 */

/** What the engine knows about a type, from `pg_type`. */
export interface PgTypeInfo {
  /** As `format_type` prints it, e.g. `timestamp with time zone`, `integer[]`. */
  name: string;
  /** The `typname` of the type or, for a domain, of its base type, e.g. `int8`, `_int4`. */
  typname: string;
  /** `typcategory`: `A` array, `N` numeric, `S` string, `D` date/time, `B` boolean, `E` enum, ... */
  category: string;
  /** For an array, the OID of its element type; else 0. */
  elem: number;
  /** The array delimiter (`,` for nearly every type). */
  delim: string;
}

/** Converts one raw value (text, or null) to JSON. */
export type PgValueConverter = (raw: unknown) => Json;

/** The coarse kind of a type, which planners and the UI reason with. */
export function pgColumnKind(type: Pick<PgTypeInfo, "typname" | "category">): ColumnKind {
  const { typname, category } = type;
  if (["int2", "int4", "int8", "oid"].includes(typname)) return "integer";
  if (["float4", "float8", "numeric"].includes(typname)) return "number";
  if (typname === "bool") return "boolean";
  if (typname === "date") return "date";
  if (typname === "timestamp" || typname === "timestamptz") return "timestamp";
  if (category === "S" || category === "E" || typname === "uuid" || typname === "citext") return "string";
  return "other";
}

/**
 * The converter for values of a type; `lookup` resolves array element types. Text that does not have the
 * expected form (an `int2vector`, which is an array written with spaces) stays text.
 */
export function pgValueConverter(
  type: PgTypeInfo | undefined,
  lookup: (oid: number) => PgTypeInfo | undefined,
): PgValueConverter {
  let fromText: ((text: string) => Json) | undefined;
  if (type?.category === "A" && type.elem !== 0) {
    const element = pgValueConverter(lookup(type.elem), lookup);
    fromText = (text) => parsePgArray(text, type.delim || ",", element);
  } else if (type !== undefined) {
    fromText = textConverters[type.typname];
  }
  return (raw) => {
    const known = nonText(raw);
    if (known !== undefined) return known;
    if (fromText === undefined) return raw as string;
    try {
      return fromText(raw as string);
    } catch {
      return raw as string;
    }
  };
}

/** Null stays null; a value a driver already parsed (not text) is made JSON-safe as it is. */
function nonText(raw: unknown): Json | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return undefined;
  if (typeof raw === "number") return floatToJson(raw);
  if (typeof raw === "bigint") return bigintToJson(raw);
  if (typeof raw === "boolean") return raw;
  if (raw instanceof Date) return raw.toISOString();
  if (raw instanceof Uint8Array) return bytesToBase64(raw);
  return JSON.parse(JSON.stringify(raw)) as Json;
}

const toNumber = (text: string): Json => floatToJson(Number(text));

const textConverters: Readonly<Record<string, (text: string) => Json>> = {
  bool: (text) => text === "t",
  int2: Number,
  int4: Number,
  oid: Number,
  int8: (text) => bigintToJson(BigInt(text)),
  float4: toNumber,
  float8: toNumber,
  numeric: numericToJson,
  date: dateToJson,
  timestamp: (text) => timestampToJson(text, false),
  timestamptz: (text) => timestampToJson(text, true),
  json: (text) => JSON.parse(text) as Json,
  jsonb: (text) => JSON.parse(text) as Json,
  bytea: byteaToJson,
};

/** A numeric as a number when the number has exactly its value, else as its text (`NaN` and infinities too). */
export function numericToJson(text: string): Json {
  const value = Number(text);
  if (!Number.isFinite(value)) return Number.isNaN(value) && text !== "NaN" ? text : floatToJson(value);
  return sameDecimal(text, String(value)) ? value : text;
}

/** Two decimal strings (plain or exponent form) are the same value: compared as sign, digits and exponent. */
function sameDecimal(a: string, b: string): boolean {
  const x = decimalParts(a);
  const y = decimalParts(b);
  return x !== undefined && y !== undefined && x.join() === y.join();
}

function decimalParts(text: string): [string, string, number] | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  let digits = whole + fraction;
  let scale = Number(exponent) - fraction.length;
  const trailing = /0*$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing).replace(/^0+/, "");
  scale += trailing;
  if (digits === "") return ["", "0", 0];
  return [sign === "-" ? "-" : "", digits, scale];
}

const dateTimePattern =
  /^(\d{4,})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?)?( BC)?$/;

/** `2024-01-05` stays; BC dates and years past 9999 are written as DuckDB writes them; infinities stay text. */
function dateToJson(text: string): Json {
  const parts = dateTimePattern.exec(text);
  if (!parts) return text;
  return daysToIsoDate(civilDays(parts));
}

/** `2024-01-06 10:30:00[.ffffff][+hh[:mm[:ss]]]` as microseconds since the epoch, through json-values. */
function timestampToJson(text: string, instant: boolean): Json {
  const parts = dateTimePattern.exec(text);
  if (!parts || parts[4] === undefined) return text;
  const [, , , , hh = "0", mi = "0", ss = "0", fraction = "", sign, oh = "0", om = "0", os = "0"] = parts;
  const seconds = civilDays(parts) * 86_400 + Number(hh) * 3_600 + Number(mi) * 60 + Number(ss);
  const offset = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 3_600 + Number(om) * 60 + Number(os));
  const micros = BigInt(seconds - offset) * 1_000_000n + BigInt(fraction.padEnd(6, "0") || "0");
  return microsToIsoTimestamp(micros, instant);
}

/** Days since 1970-01-01 of a proleptic Gregorian date; a BC year `y` is year `1 - y` (there is no year 0). */
function civilDays(parts: RegExpExecArray): number {
  const bc = parts[12] !== undefined;
  const year = bc ? 1 - Number(parts[1]) : Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  // Howard Hinnant's days_from_civil: exact for every year, unlike Date.UTC (which maps 0–99 to 1900–1999).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** `\x0a0b` (bytea_output hex) as base64. */
function byteaToJson(text: string): Json {
  if (!text.startsWith("\\x")) return text;
  const hex = text.slice(2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytesToBase64(bytes);
}

/**
 * An array literal (`{1,2,NULL}`, `{{"a b","c\"d"},{e,f}}`, `[0:1]={1,2}`) as nested arrays, each element
 * converted. Quoted elements take backslash escapes; an unquoted `NULL` is null.
 */
export function parsePgArray(text: string, delim: string, element: PgValueConverter): Json {
  let i = text.startsWith("[") ? text.indexOf("=") + 1 : 0;
  const level = (): Json[] => {
    if (text[i] !== "{") throw new Error(`not an array literal: ${text}`);
    i++;
    const items: Json[] = [];
    if (text[i] === "}") {
      i++;
      return items;
    }
    for (;;) {
      if (text[i] === "{") items.push(level());
      else if (text[i] === '"') {
        let value = "";
        for (i++; i < text.length && text[i] !== '"'; i++) value += text[i] === "\\" ? text[++i] : text[i];
        i++;
        items.push(element(value));
      } else {
        const start = i;
        while (i < text.length && text[i] !== delim && text[i] !== "}") i++;
        const token = text.slice(start, i).trim();
        items.push(token.toUpperCase() === "NULL" ? null : element(token));
      }
      if (text[i] === delim) i++;
      else if (text[i] === "}") {
        i++;
        return items;
      } else throw new Error(`not an array literal: ${text}`);
    }
  };
  return level();
}
