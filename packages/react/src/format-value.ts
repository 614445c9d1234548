import type { Json } from "@quarry/core";

/**
 * A result cell as text: numbers to 15 significant digits (as spreadsheets show them, so a sum like
 * 1225.9999999999989 reads 1226 while exact values stay exact), objects as JSON, `null` as the given word.
 */
export function formatValue(value: Json | undefined, nullText: string): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === "string") return value;
  if (typeof value === "number")
    return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A count for people: grouped digits in the reader's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString();
}

/** A statistic: at most four decimals, so a mean like 3.14159265 stays readable. */
export function formatStat(value: Json | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  }
  return formatValue(value, "");
}

const numericType =
  /^(tinyint|smallint|integer|int|bigint|hugeint|u?(tiny|small|big|huge)?int\d*|float\d*|real|double( precision)?|decimal.*|numeric.*)$/i;

/** True for an engine type name of numbers (DuckDB or Postgres), so its cells align right and sort as numbers. */
export function isNumericType(type: string): boolean {
  return numericType.test(type.trim());
}
