import { describe, expect, it } from "vitest";
import { findNumbers } from "./numbers-in-text.js";

/** Raw text and value of each mention. */
function read(text: string): [string, number][] {
  return findNumbers(text).map((n) => [n.raw, n.value]);
}

describe("findNumbers", () => {
  it("reads numbers as a model writes them", () => {
    expect(read("Sales were 1,234.5 from 1 234 orders, up 12% to $1,200 and -3.5 points.")).toEqual([
      ["1,234.5", 1234.5],
      ["1 234", 1234],
      ["12%", 12],
      ["$1,200", 1200],
      ["-3.5", -3.5],
    ]);
  });

  it("reads scales, words and scientific notation", () => {
    expect(
      read("3.2k users, 4.5M rows, 1.2B in revenue, 2 million visits, $4.5m raised, 1e6 events"),
    ).toEqual([
      ["3.2k", 3200],
      ["4.5M", 4_500_000],
      ["1.2B", 1_200_000_000],
      ["2 million", 2_000_000],
      ["$4.5m", 4_500_000],
      ["1e6", 1_000_000],
    ]);
    // Lower-case m without a currency is a unit (metres, minutes), not millions.
    expect(read("ran 4.5m")).toEqual([["4.5", 4.5]]);
  });

  it("records precision, percent, currency and qualifiers", () => {
    const [a, b, c, d, e] = findNumbers("4.5M, 12.3 %, €1.234,5, about 1,200 and over 1,000");
    expect(a).toMatchObject({ precision: 100_000, scale: 1e6, percent: false });
    expect(b).toMatchObject({ raw: "12.3 %", value: 12.3, percent: true });
    expect(b?.precision).toBeCloseTo(0.1, 12);
    expect(c).toMatchObject({ raw: "€1.234,5", value: 1234.5, currency: true });
    expect(d).toMatchObject({ value: 1200, qualifier: "approx", precision: 100 });
    expect(e).toMatchObject({ value: 1000, qualifier: "over", precision: 1000 });
  });

  it("tells years from grouped numbers", () => {
    const [year, grouped] = findNumbers("In 2014 there were 2,012 stores.");
    expect(year).toMatchObject({ raw: "2014", year: true });
    expect(grouped).toMatchObject({ raw: "2,012", value: 2012, year: false });
  });

  it("reads both ends of ranges, sharing the unit", () => {
    expect(read("between 10-20 units")).toEqual([
      ["10", 10],
      ["20", 20],
    ]);
    const [lo, hi] = findNumbers("grew 10–20% and 3-4M");
    expect(lo).toMatchObject({ raw: "10", percent: true });
    expect(hi).toMatchObject({ raw: "20%", percent: true });
    expect(read("grew 10–20% and 3-4M").slice(2)).toEqual([
      ["3", 3_000_000],
      ["4M", 4_000_000],
    ]);
    expect(read("from -5 to -2")).toEqual([
      ["-5", -5],
      ["-2", -2],
    ]);
  });

  it("skips dates, times, ordinals, list markers, identifiers and code", () => {
    const text = [
      "1. On 2014-03-01 at 14:30, and in March 2014, on 5 March, in Q1 2014 and FY2015,",
      "2) the 1st and 22nd stores in the 1990s and '80s; see col_3, x2, Q4, v1.2.3, COVID-19 and #12.",
      "The query `SELECT 42 FROM t LIMIT 10` ran at https://example.com/runs/99.",
      "```sql\nSELECT 7\n```",
    ].join("\n");
    expect(read(text)).toEqual([]);
  });

  it("reads unambiguous European grouping, and English otherwise", () => {
    expect(read("1.234,5 and 1.234.567 and 1 234,5")).toEqual([
      ["1.234,5", 1234.5],
      ["1.234.567", 1234567],
      ["1 234,5", 1234.5],
    ]);
    expect(read("1.234")).toEqual([["1.234", 1.234]]);
  });

  it("reads scores and fractions, which are not dates", () => {
    expect(read("rated 9.5/10")).toEqual([
      ["9.5", 9.5],
      ["10", 10],
    ]);
    expect(read("on 1.3.2014 and 03/01/2014")).toEqual([]);
  });

  it("keeps offsets into the original text", () => {
    const text = "Total: **$1,200** (`x`)";
    const [n] = findNumbers(text);
    expect(n?.index).toBe(text.indexOf("$1,200"));
  });
});
