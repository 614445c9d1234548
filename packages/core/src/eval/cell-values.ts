import type { Json } from "../model/common.js";

/** How far two floats may be apart, relative to the larger, and still count as the same number. */
export const relativeTolerance = 1e-6;

/** Engines give integers beyond 2^53 as their decimal text; those compare exactly. */
const integerText = /^-?\d+$/;

/**
 * Whether two result cells hold the same value: null only equals null; two safe integers (counts, ids)
 * must be equal exactly, other numbers within {@link relativeTolerance} of the larger; big integers given as
 * strings exactly; dates, timestamps and other strings as their text; lists and structs element by element.
 */
export function cellsEqual(a: Json, b: Json): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "number" && typeof b === "number") return numbersEqual(a, b);
  if (typeof a === "string" && typeof b === "string") return a === b;
  if (typeof a === "number" && typeof b === "string") return numberEqualsText(a, b);
  if (typeof a === "string" && typeof b === "number") return numberEqualsText(b, a);
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => cellsEqual(value, b[i] as Json));
  }
  if (typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && cellsEqual(a[key] as Json, b[key] as Json));
  }
  return false;
}

function numbersEqual(a: number, b: number): boolean {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a === b;
  return Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** A number against a big integer's text: exact when the number is an exact integer, else within tolerance. */
function numberEqualsText(value: number, text: string): boolean {
  if (!integerText.test(text)) return false;
  if (Number.isSafeInteger(value)) return BigInt(value) === BigInt(text);
  return numbersEqual(value, Number(text));
}

/** The order of value kinds in {@link compareCells}: null, booleans, numbers, strings, lists, structs. */
function rank(value: Json): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return 1;
  if (typeof value === "number" || (typeof value === "string" && integerText.test(value))) return 2;
  if (typeof value === "string") return 3;
  return Array.isArray(value) ? 4 : 5;
}

/**
 * A total order on cells, used to line up two multisets before comparing them pair by pair: equal cells
 * (in the sense of {@link cellsEqual}) sort next to each other.
 */
export function compareCells(a: Json, b: Json): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) return Number(a) - Number(b);
  if (ra === 2) {
    const na = Number(a);
    const nb = Number(b);
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  const ta = ra === 3 ? (a as string) : JSON.stringify(a);
  const tb = ra === 3 ? (b as string) : JSON.stringify(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Rows compared cell by cell, left to right, with {@link compareCells}. */
export function compareRows(a: readonly Json[], b: readonly Json[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareCells(a[i] as Json, b[i] as Json);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Whether two rows hold equal cells in the same places. */
export function rowsEqual(a: readonly Json[], b: readonly Json[]): boolean {
  return a.length === b.length && a.every((cell, i) => cellsEqual(cell, b[i] as Json));
}
