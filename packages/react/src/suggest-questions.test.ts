import { describe, expect, it } from "vitest";
import { defaultStrings } from "./strings.js";
import { suggestQuestions } from "./suggest-questions.js";
import { column, weatherDataset } from "./testing/fake-chat-client.js";

describe("suggestQuestions", () => {
  it("builds questions from measures, categories and dates", () => {
    expect(suggestQuestions([weatherDataset()], defaultStrings)).toEqual([
      "How many rows are there?",
      "Average temp_max by city",
      "Total precipitation by city",
      "Total precipitation over time",
    ]);
  });

  const date = column({ name: "date", kind: "date", type: "DATE", distinctCount: 1461 });
  it.each([
    {
      case: "averages levels and totals amounts, whatever the column order",
      columns: [
        date,
        column({ name: "precipitation", kind: "number" }),
        column({ name: "temp_max", kind: "number" }),
        column({ name: "windSpeed", kind: "number" }),
        column({ name: "weather", kind: "string", distinctCount: 5 }),
      ],
      expected: [
        "Average temp_max by weather",
        "Total precipitation by weather",
        "Total precipitation over time",
      ],
    },
    {
      case: "suggests no total when every measure is a level, and averages its trend",
      columns: [
        date,
        column({ name: "unitPrice", kind: "number" }),
        column({ name: "Growth %", kind: "number" }),
        column({ name: "region", kind: "string", distinctCount: 4 }),
      ],
      expected: ["Average unitPrice by region", "Average unitPrice over time", "How many rows per region?"],
    },
  ])("$case", ({ columns, expected }) => {
    expect(suggestQuestions([weatherDataset({ columns })], defaultStrings)).toEqual([
      "How many rows are there?",
      ...expected,
    ]);
  });

  it("does not average identifiers or group by free text", () => {
    const dataset = weatherDataset({
      rowCount: 100,
      columns: [
        column({ name: "order_id", kind: "integer", distinctCount: 100 }),
        column({ name: "customerId", kind: "integer", distinctCount: 40 }),
        column({ name: "seq", kind: "integer", distinctCount: 100 }),
        column({ name: "comment", kind: "string", distinctCount: 97 }),
      ],
    });
    expect(suggestQuestions([dataset], defaultStrings)).toEqual(["How many rows are there?"]);
  });

  it("suggests nothing without data", () => {
    expect(suggestQuestions([], defaultStrings)).toEqual([]);
  });
});
