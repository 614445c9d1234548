import type { Json } from "@quarry/core";

/** Which column a table is sorted by, and which way. */
export interface SortState {
  column: number;
  direction: "ascending" | "descending";
}

/** The next sort after a header click: ascending, then descending, then unsorted. */
export function nextSort(current: SortState | null, column: number): SortState | null {
  if (!current || current.column !== column) return { column, direction: "ascending" };
  if (current.direction === "ascending") return { column, direction: "descending" };
  return null;
}

/**
 * The row indexes in sorted order, leaving the rows untouched. Empty cells go last either way; numbers
 * compare as numbers, text by the reader's collation with digits as numbers ("item 2" before "item 10").
 */
export function sortedRowOrder(rows: readonly (readonly Json[])[], sort: SortState | null): number[] {
  const order = rows.map((_, index) => index);
  if (!sort) return order;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const sign = sort.direction === "ascending" ? 1 : -1;
  return order.sort((a, b) => {
    const x = rows[a]?.[sort.column] ?? null;
    const y = rows[b]?.[sort.column] ?? null;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return sign * compareValues(x, y, collator) || a - b;
  });
}

const numberText = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

function compareValues(x: Json, y: Json, collator: Intl.Collator): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  // Engines send wide integers and decimals as strings to keep their precision.
  if (typeof x === "string" && typeof y === "string" && numberText.test(x) && numberText.test(y)) {
    return Number(x) - Number(y);
  }
  if (typeof x === "boolean" && typeof y === "boolean") return Number(x) - Number(y);
  const textOf = (value: Json) => (typeof value === "string" ? value : JSON.stringify(value));
  return collator.compare(textOf(x), textOf(y));
}
