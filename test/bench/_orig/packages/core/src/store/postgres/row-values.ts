import { QuarryError } from "../../errors/quarry-error.js";

/**
 * Readers of column values that accept what any client may return for a type: `pg` gives `timestamptz` as
 * a Date and `bigint` as a string, PGlite gives numbers, and an app may have installed its own type parsers
 * (strings for dates, unparsed JSON). Each answers the form the records use.
 */

/** A `timestamptz` as the record's ISO string with milliseconds (`Date.prototype.toISOString`). */
export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") {
    // Postgres prints `2026-01-01 10:00:00.123+00`; ECMAScript parses the ISO form of it only.
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      value,
    );
    if (match) {
      const zone = match[3] ?? "Z";
      const offset =
        zone === "Z"
          ? zone
          : zone.length === 3
            ? `${zone}:00`
            : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
      const date = new Date(`${match[1]}T${match[2]}${offset}`);
      if (!Number.isNaN(date.getTime())) return date.toISOString();
    }
  }
  throw unreadable("timestamp", value);
}

/** A nullable `timestamptz`. */
export function isoTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTime(value);
}

/** An integer or float column (`bigint` arrives as a string or a BigInt from some clients). */
export function num(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint" || typeof value === "string") {
    const n = Number(value);
    if (!Number.isNaN(n)) return n;
  }
  throw unreadable("number", value);
}

/** A nullable number column. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** A text column. */
export function text(value: unknown): string {
  if (typeof value === "string") return value;
  throw unreadable("text", value);
}

/** A nullable text column. */
export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

/** A boolean column (`t`/`f` when the client does not parse it). */
export function bool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === "t" || value === "true") return true;
  if (value === "f" || value === "false") return false;
  throw unreadable("boolean", value);
}

/**
 * A `jsonb` column. Quarry stores only objects and arrays at the top level, so a string is JSON left
 * unparsed by the client. The value was validated on its way in.
 */
export function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** A nullable `jsonb` column. */
export function jsonOrNull<T>(value: unknown): T | null {
  return value === null || value === undefined ? null : json<T>(value);
}

/** A JSON value as a `jsonb` parameter (write `$n::jsonb`): `pg` would send a JS array as a Postgres array. */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** A `LIKE` pattern matching values that contain `term` literally (use with `ESCAPE '\'`). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, "\\$&")}%`;
}

function unreadable(what: string, value: unknown): QuarryError {
  return new QuarryError("STORAGE_ERROR", `The database returned an unreadable ${what} (${typeof value}).`);
}
