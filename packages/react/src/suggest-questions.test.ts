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
      "temp_max over time",
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
