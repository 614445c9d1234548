import { describe, expect, it } from "vitest";
import type { Json } from "../model/common.js";
import { cellsEqual } from "./cell-values.js";
import { type ComparedResult, compareResults } from "./compare-results.js";

/** A result with the given column names and rows. */
function result(names: string[], rows: Json[][]): ComparedResult {
  return { columns: names.map((name) => ({ name })), rows };
}

const unordered = { ordered: false };
const ordered = { ordered: true };

describe("compareResults: columns", () => {
  const gold = result(
    ["weather", "avg(wind)"],
    [
      ["rain", 3.5],
      ["sun", 2.25],
      ["fog", 3.1],
    ],
  );

  it("passes the same result, whatever the answer names its columns", () => {
    expect(compareResults(gold, result(["kind", "avg_wind"], gold.rows as Json[][]), unordered)).toEqual({
      pass: true,
    });
  });

  it("finds reordered columns and ignores extra ones", () => {
    const answer = result(
      ["days", "mean_wind", "type"],
      [
        [120, 3.1, "fog"],
        [641, 3.5, "rain"],
        [714, 2.25, "sun"],
      ],
    );
    expect(compareResults(gold, answer, unordered).pass).toBe(true);
  });

  it("tries other columns when the first candidate gives the wrong rows", () => {
    // Both answer columns hold the gold values 1 and 2, but only the second pairs them with the right keys.
    const twoCandidates = result(
      ["k", "v"],
      [
        ["a", 1],
        ["b", 2],
      ],
    );
    const answer = result(
      ["k", "v", "w"],
      [
        ["a", 2, 1],
        ["b", 1, 2],
      ],
    );
    expect(compareResults(twoCandidates, answer, unordered).pass).toBe(true);
  });

  it("needs a distinct answer column for each gold column", () => {
    const same = result(["a", "b"], [[1, 1]]);
    expect(compareResults(same, result(["x"], [[1]]), unordered)).toEqual({
      pass: false,
      reason: "the answer has 1 column; the gold result has 2",
    });
    expect(compareResults(same, result(["x", "y"], [[1, 1]]), unordered).pass).toBe(true);
  });

  it("names the gold column it cannot find", () => {
    const answer = result(
      ["weather", "avg"],
      [
        ["rain", 3.5],
        ["sun", 2.25],
        ["fog", 9],
      ],
    );
    expect(compareResults(gold, answer, unordered)).toEqual({
      pass: false,
      reason: "gold column 2 (avg(wind)) not found among the answer's columns",
    });
  });

  it("fails when each column matches alone but the rows do not", () => {
    const answer = result(
      ["weather", "avg(wind)"],
      [
        ["rain", 2.25],
        ["sun", 3.5],
        ["fog", 3.1],
      ],
    );
    const verdict = compareResults(gold, answer, unordered);
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toMatch(/no choice of answer columns gives the gold rows/);
  });
});

describe("compareResults: rows", () => {
  const gold = result(
    ["year", "total"],
    [
      [2012, 1226.2],
      [2013, 828],
      [2014, 1232.8],
    ],
  );
  const shuffled = result(
    ["year", "total"],
    [
      [2014, 1232.8],
      [2012, 1226.2],
      [2013, 828],
    ],
  );

  it("compares a multiset unless the gold is ordered", () => {
    expect(compareResults(gold, shuffled, unordered).pass).toBe(true);
    expect(compareResults(gold, shuffled, ordered)).toEqual({
      pass: false,
      reason: "the rows match but come in a different order (the gold SQL has ORDER BY)",
    });
    expect(compareResults(gold, gold, ordered).pass).toBe(true);
  });

  it("counts duplicates: a multiset, not a set", () => {
    const twice = result(["x"], [[1], [1], [2]]);
    expect(compareResults(twice, result(["x"], [[1], [2], [2]]), unordered).pass).toBe(false);
    expect(compareResults(twice, result(["x"], [[2], [1], [1]]), unordered).pass).toBe(true);
  });

  it("says when the row counts differ", () => {
    expect(compareResults(gold, result(["year", "total"], [[2012, 1226.2]]), unordered)).toEqual({
      pass: false,
      reason: "row counts differ: gold 3 vs answer 1",
    });
  });

  it("passes two empty results", () => {
    expect(compareResults(result(["a"], []), result(["b", "c"], []), ordered).pass).toBe(true);
  });

  it("pairs rows whose numbers are within tolerance but sort apart", () => {
    const a = result(
      ["x", "k"],
      [
        [1, "b"],
        [1.0000001, "a"],
      ],
    );
    const b = result(
      ["x", "k"],
      [
        [1.0000001, "b"],
        [1, "a"],
      ],
    );
    expect(compareResults(a, b, unordered).pass).toBe(true);
  });
});

describe("cell values", () => {
  it("compares floats within 1e-6 relative, on both sides of the boundary", () => {
    expect(cellsEqual(100, 100.00009)).toBe(true);
    expect(cellsEqual(100.00009, 100)).toBe(true);
    expect(cellsEqual(100, 100.00011)).toBe(false);
    expect(cellsEqual(-2.5, -2.5000024)).toBe(true);
    expect(cellsEqual(-2.5, -2.5000026)).toBe(false);
    expect(cellsEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(cellsEqual(0, 1e-12)).toBe(false);
    const gold = result(["avg"], [[12.345678]]);
    expect(compareResults(gold, result(["a"], [[12.345689]]), unordered).pass).toBe(true);
    expect(compareResults(gold, result(["a"], [[12.3457]]), unordered).pass).toBe(false);
  });

  it("compares integers exactly, and an integer with a float within tolerance", () => {
    expect(cellsEqual(1_000_000, 1_000_001)).toBe(false);
    expect(cellsEqual(1_000_000, 1_000_000.5)).toBe(true);
    expect(cellsEqual(42, 42.0)).toBe(true);
    expect(cellsEqual(42, 42.00001)).toBe(true);
    expect(cellsEqual(42, 43)).toBe(false);
  });

  it("compares big integers given as strings exactly", () => {
    expect(cellsEqual("9007199254740993", "9007199254740993")).toBe(true);
    expect(cellsEqual("9007199254740993", "9007199254740992")).toBe(false);
    expect(cellsEqual("9007199254740993", 9007199254740992)).toBe(true);
    expect(cellsEqual("12", 12)).toBe(true);
    expect(cellsEqual("12", 13)).toBe(false);
    expect(cellsEqual("twelve", 12)).toBe(false);
  });

  it("matches null only with null", () => {
    expect(cellsEqual(null, null)).toBe(true);
    expect(cellsEqual(null, 0)).toBe(false);
    expect(cellsEqual("", null)).toBe(false);
    const gold = result(
      ["sex", "n"],
      [
        [null, 11],
        ["MALE", 168],
        ["FEMALE", 165],
      ],
    );
    const answer = result(
      ["n", "sex"],
      [
        [165, "FEMALE"],
        [11, null],
        [168, "MALE"],
      ],
    );
    expect(compareResults(gold, answer, unordered).pass).toBe(true);
    expect(
      compareResults(
        gold,
        result(
          ["n", "sex"],
          [
            [165, "FEMALE"],
            [11, "NA"],
            [168, "MALE"],
          ],
        ),
        unordered,
      ).pass,
    ).toBe(false);
  });

  it("compares dates and timestamps as their ISO text", () => {
    expect(cellsEqual("2012-01-01", "2012-01-01")).toBe(true);
    expect(cellsEqual("2012-01-01", "2012-01-01T00:00:00.000")).toBe(false);
    expect(cellsEqual("2015-12-31T23:59:59.000Z", "2015-12-31T23:59:59.000Z")).toBe(true);
    const gold = result(
      ["date", "precipitation"],
      [
        ["2015-12-08", 54.1],
        ["2015-11-17", 47.2],
      ],
    );
    expect(
      compareResults(
        gold,
        result(
          ["d", "p"],
          [
            ["2015-12-08", 54.1],
            ["2015-11-17", 47.2],
          ],
        ),
        ordered,
      ).pass,
    ).toBe(true);
  });

  it("compares lists and structs element by element", () => {
    expect(cellsEqual([1, 2.0000001], [1, 2])).toBe(true);
    expect(cellsEqual([1, 2], [2, 1])).toBe(false);
    expect(cellsEqual({ a: 1, b: "x" }, { b: "x", a: 1 })).toBe(true);
    expect(cellsEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(cellsEqual(true, true)).toBe(true);
    expect(cellsEqual(true, 1)).toBe(false);
  });
});
