import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/sql-engine.js";
import { checkGrounding } from "./check-grounding.js";

function result(columns: [string, string][], rows: QueryResult["rows"]): QueryResult {
  return {
    columns: columns.map(([name, type]) => ({ name, type })),
    rows,
    rowCount: rows.length,
    truncated: false,
    durationMs: 1,
  };
}

const sales = result(
  [
    ["region", "VARCHAR"],
    ["revenue", "DOUBLE"],
    ["share", "DOUBLE"],
    ["month", "DATE"],
  ],
  [
    ["North", 4_512_345, 0.1234, "2014-03-01"],
    ["South", 1226.0352, 0.5, "2014-04-01"],
    ["East", 3249, 0.3766, "2014-05-01"],
  ],
);

describe("checkGrounding", () => {
  it("accepts an answer whose numbers are all in the result", () => {
    const report = checkGrounding(
      "North leads with 4.5M in revenue (12.3% share), South has 1,226 and East 3.2k; the top 2 are shown.",
      { results: [sales] },
    );
    expect(report.unsupported).toEqual([]);
    expect(report.grounded).toBe(true);
    expect(report.checked).toBe(5);
    expect(report.numbers.map((n) => n.supportedBy)).toEqual([
      "result",
      "result",
      "result",
      "result",
      "small-count",
    ]);
  });

  it("flags and names an invented number", () => {
    const report = checkGrounding("South has 1,226 and West has 9,870.", { results: [sales] });
    expect(report).toMatchObject({ grounded: false, unsupported: ["9,870"], checked: 2 });
  });

  it("does not accept derived values", () => {
    // 4,512,345 + 1,226 + 3,249 = 4,516,820: right, but not in the result.
    const report = checkGrounding("In total 4,516,820.", { results: [sales] });
    expect(report.unsupported).toEqual(["4,516,820"]);
  });

  it("allows rounding to the shown precision, and no more", () => {
    const check = (text: string) => checkGrounding(text, { results: [sales] }).grounded;
    expect(check("1,226")).toBe(true);
    expect(check("1226.04")).toBe(true);
    expect(check("1226.0352")).toBe(true);
    expect(check("1226.1")).toBe(false);
    expect(check("1,227")).toBe(false);
    expect(check("4.5M")).toBe(true);
    expect(check("4.51 million")).toBe(true);
    expect(check("4.6M")).toBe(false);
    expect(check("4,512k")).toBe(true);
    expect(check("3.2k")).toBe(true);
    expect(check("3.3k")).toBe(false);
    expect(check("$1.2k")).toBe(true);
    // A hedge makes trailing zeros insignificant; a bound is one-sided.
    expect(check("1,200")).toBe(false);
    expect(check("about 1,200")).toBe(true);
    expect(check("over 1,200")).toBe(true);
    expect(check("under 1,200")).toBe(false);
  });

  it("matches percentages both ways", () => {
    const fraction = result([["rate", "DOUBLE"]], [[0.1234]]);
    const percent = result([["rate_pct", "DOUBLE"]], [[12.34]]);
    for (const r of [fraction, percent]) {
      expect(checkGrounding("12.3%", { results: [r] }).grounded).toBe(true);
      expect(checkGrounding("12%", { results: [r] }).grounded).toBe(true);
      expect(checkGrounding("12.4%", { results: [r] }).grounded).toBe(false);
    }
    expect(checkGrounding("50 percent", { results: [sales] }).grounded).toBe(true);
  });

  it("grounds years that are in the result or the question, not others", () => {
    expect(checkGrounding("Revenue peaked in 2014.", { results: [sales] }).grounded).toBe(true);
    expect(checkGrounding("Revenue peaked in 2015.", { results: [sales] }).unsupported).toEqual(["2015"]);
    expect(
      checkGrounding("Compared with 2015, 1,226.", {
        results: [sales],
        question: "How does it compare with March 2015?",
      }).grounded,
    ).toBe(true);
    // Dates are not numbers to check.
    expect(checkGrounding("On 2019-07-04 and in June 2019: 1,226.", { results: [sales] }).checked).toBe(1);
  });

  it("grounds numbers from the question and counts of rows and columns", () => {
    const report = checkGrounding("Of the 150 stores you asked about, the result has 3 rows and 4 columns.", {
      results: [{ ...sales, rowCount: 3 }],
      question: "Which of our 150 stores sold the most?",
    });
    expect(report.numbers.map((n) => n.supportedBy)).toEqual(["question", "count", "count"]);
  });

  it("allows small counting numbers only up to the size of the results", () => {
    const check = (text: string) => checkGrounding(text, { results: [sales] });
    expect(check("the top 3 regions and 2 columns").grounded).toBe(true);
    expect(check("0 nulls").grounded).toBe(true);
    // 3 rows and 4 columns: 7 is bigger than both.
    expect(check("7 regions").unsupported).toEqual(["7"]);
    // A small number with a unit, currency or decimals is a value, not a count.
    expect(check("$2 and 2.0").unsupported).toEqual(["$2", "2.0"]);
    expect(checkGrounding("3 things", { results: [] }).grounded).toBe(false);
  });

  it("ignores numbers in code and reads big integers, text cells and structures", () => {
    const ids = result(
      [
        ["id", "HUGEINT"],
        ["label", "VARCHAR"],
        ["tags", "STRUCT(n INTEGER)"],
      ],
      [["12345678901234567891", "Order 98765 (12.5% off)", { n: 77 }]],
    );
    const report = checkGrounding(
      "Id 12345678901234567891, order 98,765 at 12.5% off, n = 77. Ran `SELECT 999 LIMIT 5`.\n```\n31337\n```",
      { results: [ids] },
    );
    expect(report).toMatchObject({ grounded: true, checked: 4 });
  });

  it("supports European thousands separators", () => {
    expect(checkGrounding("Nord: 4.512.345 €, Süd: 1.226,04 €", { results: [sales] }).grounded).toBe(true);
  });

  it("ignores signs", () => {
    const change = result([["delta", "DOUBLE"]], [[-3.5]]);
    expect(checkGrounding("Sales fell by 3.5 points (-3.5).", { results: [change] }).grounded).toBe(true);
  });

  it("grounds numbers quoted from a document passage and the cited page", () => {
    const passages = [
      {
        text: "Refunds are accepted within 30 days; a restocking fee of 4.5 million yen applies since March 2019.",
        fileName: "policy-2024.pdf",
        page: 14,
      },
    ];
    const report = checkGrounding(
      "Within 30 days, with a fee of ¥4.5M [policy-2024.pdf, p. 14], in force since 2019.",
      { results: [], passages },
    );
    expect(report.numbers.map((n) => [n.raw, n.supportedBy])).toEqual([
      ["30", "document"],
      ["¥4.5M", "document"],
      ["14", "document"],
      ["2019", "document"],
    ]);
    expect(
      checkGrounding("Within 45 days [policy-2024.pdf, p. 3].", { results: [], passages }).unsupported,
    ).toEqual(["45", "3"]);
  });
});
