import type { Json } from "../model/common.js";

/**
 * A sorted set of absolute values with an interval lookup, so checking a mention against every cell of a
 * 10,000-row result is a binary search instead of a scan.
 */
export class ValuePool {
  readonly #values: Float64Array;

  constructor(values: Iterable<number>) {
    const finite = [...values].filter(Number.isFinite).map(Math.abs);
    this.#values = Float64Array.from(finite).sort();
  }

  get size(): number {
    return this.#values.length;
  }

  /** Whether some value lies in `[lo, hi]`. */
  hasBetween(lo: number, hi: number): boolean {
    const values = this.#values;
    let left = 0;
    let right = values.length;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if ((values[mid] ?? 0) < lo) left = mid + 1;
      else right = mid;
    }
    return left < values.length && (values[left] ?? Number.POSITIVE_INFINITY) <= hi;
  }
}

const plainNumber = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const isoDate = /^([-+]?\d{4,6})-\d{2}-\d{2}(?:[T ]|$)/;
/** Numbers inside text cells (`Order 12345`, `12.5%`, `1,234 units`): what a reader of the table sees. */
const numberInText = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;
/** Long text cells (descriptions) are scanned only this far. */
const textScanLimit = 1_000;

/**
 * Every number a reader could see in a cell: numbers as they are; numeric strings (big integers, NaN-free
 * decimals) as numbers; the year of an ISO date or timestamp; numbers written inside text; the numbers in
 * lists and structs. Booleans and nulls add nothing.
 */
export function* cellNumbers(value: Json): Generator<number> {
  if (typeof value === "number") {
    yield value;
  } else if (typeof value === "string") {
    if (plainNumber.test(value)) {
      yield Number(value);
      return;
    }
    const date = isoDate.exec(value);
    if (date) {
      yield Number(date[1]);
      return;
    }
    yield* textNumbers(value.slice(0, textScanLimit));
  } else if (Array.isArray(value)) {
    for (const item of value) yield* cellNumbers(item);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) yield* cellNumbers(item);
  }
}

/** The numbers written in a text as plain digits (`1,234 units` → 1234), without reading units or scales. */
export function* textNumbers(text: string): Generator<number> {
  for (const m of text.matchAll(numberInText)) yield Number(m[0].replace(/,/g, ""));
}
