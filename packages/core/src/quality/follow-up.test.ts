import { describe, expect, it } from "vitest";
import { type FollowUpKind, type PreviousTurn, resolveFollowUp } from "./follow-up.js";

const precipitation: PreviousTurn = {
  question: "Total precipitation in 2013",
  sql: "SELECT sum(precipitation) FROM weather WHERE year(date) = 2013",
};
const salesByRegion: PreviousTurn = {
  question: "Total sales by region?",
  sql: "SELECT region, sum(amount) FROM sales GROUP BY region",
};
const northSales: PreviousTurn = {
  question: "Average amount in North by month",
  sql: "SELECT month, avg(amount) FROM sales WHERE region = 'North' GROUP BY month",
};
const japanese: PreviousTurn = {
  question: "What is the average weight of Japanese cars?",
  sql: "SELECT avg(Weight_in_lbs) FROM cars WHERE Origin = 'Japan'",
};

const cases: [string, PreviousTurn, FollowUpKind, string][] = [
  ["and for 2014?", precipitation, "replace-value", "Total precipitation in 2014"],
  ["2014?", precipitation, "replace-value", "Total precipitation in 2014"],
  ["What about 2015", precipitation, "replace-value", "Total precipitation in 2015"],
  ["same for 2012", precipitation, "replace-value", "Total precipitation in 2012"],
  ["now by month", precipitation, "regroup", "Total precipitation in 2013 by month"],
  ["now by month", salesByRegion, "regroup", "Total sales by month"],
  ["by product instead", salesByRegion, "regroup", "Total sales by product"],
  ["and also by month", salesByRegion, "regroup", "Total sales by region and month"],
  ["broken down by year", salesByRegion, "regroup", "Total sales by year"],
  ["and the average?", salesByRegion, "change-measure", "Average sales by region"],
  ["what about the maximum", precipitation, "change-measure", "Maximum precipitation in 2013"],
  ["what about South?", northSales, "replace-value", "Average amount in South by month"],
  ["and for 'West'", northSales, "replace-value", "Average amount in West by month"],
  ["and European ones?", japanese, "replace-value", "What is the average weight of European cars"],
  ["and for AAPL", salesByRegion, "replace-value", "Total sales by region for AAPL"],
  ["in March", precipitation, "replace-value", "Total precipitation in 2013 in March"],
  ["and excluding North", salesByRegion, "continuation", "Total sales by region excluding North"],
];

describe("resolveFollowUp", () => {
  it.each(cases)("reads %j after %j", (text, previous, kind, question) => {
    const followUp = resolveFollowUp(text, previous);
    expect(followUp).toMatchObject({ kind, question, resolvedFrom: previous });
  });

  it("replaces both years of a range, or the range with one year", () => {
    const range = { question: "Total sales between 2012 and 2013" };
    expect(resolveFollowUp("and for 2014 and 2015?", range)?.question).toBe(
      "Total sales between 2014 and 2015",
    );
    expect(resolveFollowUp("and for 2014?", range)?.question).toBe("Total sales in 2014");
  });

  it.each([
    "What is the average wind speed in 2014?",
    "And what is the average wind speed per weather type in 2014?",
    "How many cars have 8 cylinders?",
    "Show the three heaviest cars from Europe please",
    "And now?",
  ])("leaves the question of its own %j alone", (text) => {
    expect(resolveFollowUp(text, precipitation)).toBeUndefined();
  });

  it("needs a previous question", () => {
    expect(resolveFollowUp("and for 2014?", undefined)).toBeUndefined();
    expect(resolveFollowUp("and for 2014?", { question: " " })).toBeUndefined();
  });

  it("tells an LLM the previous question, its SQL and the reading", () => {
    const note = resolveFollowUp("and for 2014?", precipitation)?.note ?? "";
    expect(note).toContain('"and for 2014?"');
    expect(note).toContain('"Total precipitation in 2013"');
    expect(note).toContain("WHERE year(date) = 2013");
    expect(note).toContain('Read it as: "Total precipitation in 2014"');
  });
});
