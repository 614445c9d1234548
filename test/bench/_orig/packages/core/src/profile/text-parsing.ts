/**
 * How Quarry reads numbers and dates out of text, in SQL. The profiler counts with these expressions and the
 * cleaning casts with them, so a "mostly dates" suggestion converts exactly the values it counted.
 */

/** The characters `trim` removes: space, tab, carriage return, line feed. */
const spaceChars = "E' \\t\\r\\n'";

/** `x` without leading and trailing whitespace. */
export function trimSql(x: string): string {
  return `trim(${x}, ${spaceChars})`;
}

/**
 * Date and time layouts tried after ISO 8601 (which a plain cast reads). Month-first comes before day-first,
 * so `03/04/2020` is 4 March; a column written day-first still converts when its days exceed 12.
 */
export const dateFormats = [
  "%m/%d/%Y",
  "%m/%d/%Y %H:%M",
  "%m/%d/%Y %H:%M:%S",
  "%d/%m/%Y",
  "%d.%m.%Y",
  "%d.%m.%Y %H:%M",
  "%Y/%m/%d",
  "%Y/%m/%d %H:%M:%S",
  "%b %d, %Y",
  "%B %d, %Y",
  "%d %b %Y",
  "%d %B %Y",
] as const;

const formatList = `[${dateFormats.map((f) => `'${f}'`).join(", ")}]`;

/**
 * A text expression as a TIMESTAMP, or NULL when it is not a date or time. Text without a digit is skipped
 * before the (slow) layout search.
 */
export function textToTimestampSql(x: string): string {
  const t = trimSql(x);
  return `CASE WHEN regexp_matches(${x}, '[0-9]') THEN coalesce(TRY_CAST(${t} AS TIMESTAMP), try_strptime(${t}, ${formatList})) END`;
}

/** A text expression as a DOUBLE, or NULL. */
export function textToDoubleSql(x: string): string {
  return `TRY_CAST(${trimSql(x)} AS DOUBLE)`;
}

/** True when a text expression is a whole number (optionally signed). */
export function textIsIntegerSql(x: string): string {
  return `regexp_full_match(${trimSql(x)}, '[-+]?[0-9]+')`;
}

/** True when a text expression is a number written with a leading zero (`007`, a code rather than a count). */
export function textHasLeadingZeroSql(x: string): string {
  return `regexp_full_match(${trimSql(x)}, '[-+]?0[0-9]+')`;
}
