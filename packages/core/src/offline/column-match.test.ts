import { describe, expect, it } from "vitest";
import { findColumnMentions, nameConcepts } from "./column-match.js";
import { questionTerms, type Term } from "./question-terms.js";
import { fixtureTable, ordersFixture, weatherFixture } from "./schema-fixtures.js";
import type { TableSchema } from "./table-schema.js";

const conceptsOf = (t: Term) => [t.concept, t.stem];

function mentioned(question: string, tables: TableSchema[]): string[][] {
  const terms = questionTerms(question);
  const claimed = terms.map(() => false);
  return findColumnMentions(terms, tables, claimed, conceptsOf).map((m) => m.columns.map((c) => c.name));
}

const cars = fixtureTable("cars", 406, [
  { name: "Name", kind: "string", distinct: 311, values: ["ford pinto"] },
  { name: "Miles_per_Gallon", kind: "number", distinct: 129 },
  { name: "Weight_in_lbs", kind: "integer", distinct: 356 },
  { name: "Body Mass (g)", kind: "integer", distinct: 94 },
]);

describe("nameConcepts", () => {
  it("splits names on case, underscores, spaces and symbols, and drops units", () => {
    expect(nameConcepts("Body Mass (g)")).toEqual(["body", "weight"]);
    expect(nameConcepts("Weight_in_lbs")).toEqual(["weight"]);
    expect(nameConcepts("Miles_per_Gallon")).toEqual(["mpg"]);
    expect(nameConcepts("Cost Total $")).toEqual(["price", "total"]);
    expect(nameConcepts("unitPriceUSD")).toEqual(["unit", "price"]);
    expect(nameConcepts("temp_min")).toEqual(["temperature", "minimum"]);
  });
});

describe("findColumnMentions", () => {
  it("finds columns through synonyms of their words", () => {
    expect(mentioned("Which car has the best fuel economy?", [cars])).toEqual([["Miles_per_Gallon"]]);
    expect(mentioned("What is the total cost in 2021?", [ordersFixture])).toEqual([["Cost Total $"]]);
    expect(mentioned("Average unit price by region", [ordersFixture])).toEqual([
      ["Unit Price ($)"],
      ["Cust_Region"],
    ]);
  });

  it("prefers a full match, and shares a mention between equally good columns", () => {
    expect(mentioned("average maximum temperature", [weatherFixture])).toEqual([["temp_max"]]);
    expect(mentioned("the highest temperature", [weatherFixture])).toEqual([["temp_max", "temp_min"]]);
  });

  it("does not read a generic word alone as a partial name", () => {
    // `total` alone must stay an aggregate, not become `Cost Total $`.
    expect(mentioned("total quantity", [ordersFixture])).toEqual([["QTY"]]);
  });

  it("leaves the table's own name to the table", () => {
    const orders = fixtureTable("orders", 10, [{ name: "Order Date", kind: "date", distinct: 10 }]);
    expect(mentioned("How many orders are there?", [orders])).toEqual([]);
  });
});
