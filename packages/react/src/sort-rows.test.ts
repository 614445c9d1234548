import { describe, expect, it } from "vitest";
import { nextSort, sortedRowOrder } from "./sort-rows.js";

describe("sortedRowOrder", () => {
  const rows = [
    ["b", 10],
    ["a", null],
    ["item 10", 2],
    ["item 2", -1],
    [null, 3],
  ];

  it("sorts numbers as numbers and text with digits as numbers, empty cells last", () => {
    expect(sortedRowOrder(rows, { column: 1, direction: "ascending" })).toEqual([3, 2, 4, 0, 1]);
    expect(sortedRowOrder(rows, { column: 1, direction: "descending" })).toEqual([0, 4, 2, 3, 1]);
    expect(sortedRowOrder(rows, { column: 0, direction: "ascending" })).toEqual([1, 0, 3, 2, 4]);
  });

  it("compares decimals sent as strings by value", () => {
    const decimals = [["1.25"], ["1.5"], ["-3"], ["10"]];
    expect(sortedRowOrder(decimals, { column: 0, direction: "ascending" })).toEqual([2, 0, 1, 3]);
  });

  it("keeps the original order unsorted, and cycles ascending → descending → none", () => {
    expect(sortedRowOrder(rows, null)).toEqual([0, 1, 2, 3, 4]);
    const first = nextSort(null, 1);
    expect(first).toEqual({ column: 1, direction: "ascending" });
    expect(nextSort(first, 1)).toEqual({ column: 1, direction: "descending" });
    expect(nextSort(nextSort(first, 1), 1)).toBeNull();
    expect(nextSort(first, 0)).toEqual({ column: 0, direction: "ascending" });
  });
});
