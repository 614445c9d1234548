import { describe, expect, it } from "vitest";
import { fixtureTable, flightsFixture, weatherFixture } from "../offline/schema-fixtures.js";
import { detectAmbiguity, resolveClarificationReply } from "./clarification.js";

const sales = fixtureTable("sales", 1000, [
  { name: "customer", kind: "string", distinct: 120, values: ["Acme", "Globex"] },
  { name: "region", kind: "string", values: ["North", "South"] },
  { name: "amount", kind: "number", distinct: 900 },
  { name: "quantity", kind: "integer", distinct: 20 },
  { name: "order_date", kind: "date", distinct: 365 },
  { name: "ship_date", kind: "date", distinct: 365 },
]);
const penguins = fixtureTable("penguins", 344, [
  { name: "Species", kind: "string", values: ["Adelie", "Gentoo", "Chinstrap"] },
  { name: "Beak Length (mm)", kind: "number", distinct: 164 },
  { name: "Beak Depth (mm)", kind: "number", distinct: 80 },
  { name: "Body Mass (g)", kind: "number", distinct: 94 },
]);

describe("detectAmbiguity: columns", () => {
  it("asks which of two equally named measures is meant, with a full question per option", () => {
    const asked = detectAmbiguity("What is the average temperature?", { tables: [weatherFixture] });
    expect(asked).toMatchObject({
      kind: "columns",
      term: "temperature",
      options: [
        { label: "temp_max", question: "What is the average temp_max?" },
        { label: "temp_min", question: "What is the average temp_min?" },
      ],
    });
    expect(asked?.text).toBe(
      '"temperature" could mean temp_max or temp_min. Which one do you mean?\n1. What is the average temp_max?\n2. What is the average temp_min?',
    );
  });

  it("asks between two date columns used for grouping", () => {
    const asked = detectAmbiguity("Total amount by date", { tables: [sales] });
    expect(asked?.options.map((o) => o.label)).toEqual(["order_date", "ship_date"]);
  });

  it("asks about a partial name two columns share", () => {
    const asked = detectAmbiguity("Average beak by species", { tables: [penguins] });
    expect(asked?.options.map((o) => o.question)).toEqual([
      "Average Beak Length (mm) by species",
      "Average Beak Depth (mm) by species",
    ]);
  });

  it.each([
    "What was the highest temperature ever recorded?",
    "What was the lowest temperature?",
    "What is the average maximum temperature?",
    "Average temp_min by weather",
    "Average beak length per species",
    "How many rainy days were there?",
    "Total precipitation by year",
  ])("does not ask about %j", (question) => {
    expect(detectAmbiguity(question, { tables: [weatherFixture, penguins] })).toBeUndefined();
  });

  it("does not ask when a glossary term covers the words", () => {
    expect(
      detectAmbiguity("What is the average temperature?", {
        tables: [weatherFixture],
        glossaryTerms: ["temperature"],
      }),
    ).toBeUndefined();
  });
});

describe("detectAmbiguity: metric", () => {
  it("asks what 'top' ranks by, offering the measures and a count", () => {
    const asked = detectAmbiguity("Who are the top customers?", { tables: [sales] });
    expect(asked).toMatchObject({ kind: "metric", term: "top" });
    expect(asked?.options).toEqual([
      { label: "total amount", question: "Who are the top customers by total amount" },
      { label: "total quantity", question: "Who are the top customers by total quantity" },
      { label: "number of sales", question: "Who are the top customers by number of sales" },
    ]);
    expect(asked?.text.split("\n")[0]).toBe('What should "top" be measured by?');
  });

  it("asks how an undefined metric is measured", () => {
    expect(detectAmbiguity("Show growth by region", { tables: [sales] })?.kind).toBe("metric");
    expect(detectAmbiguity("Which region performs best?", { tables: [sales] })?.kind).toBe("metric");
  });

  it.each([
    "Top 5 customers by total amount",
    "Top 3 regions by number of sales",
    "Which customer has the best amount?",
    "Top 5 destinations by number of flights",
    "Which origin has the most flights?",
    "How many sales in North?",
  ])("does not ask about %j", (question) => {
    expect(detectAmbiguity(question, { tables: [sales, flightsFixture] })).toBeUndefined();
  });

  it("does not ask when the glossary defines the word", () => {
    expect(
      detectAmbiguity("Who are the top customers?", { tables: [sales], glossaryTerms: ["top customers"] }),
    ).toBeUndefined();
  });

  it("does not ask when a column carries the metric", () => {
    const withMargin = fixtureTable("p", 10, [
      { name: "margin", kind: "number", distinct: 10 },
      { name: "region", kind: "string", values: ["N"] },
    ]);
    expect(detectAmbiguity("Show margin by region", { tables: [withMargin] })).toBeUndefined();
  });
});

describe("resolveClarificationReply", () => {
  const options = [
    { label: "temp_max", question: "What is the average temp_max?" },
    { label: "temp_min", question: "What is the average temp_min?" },
  ];

  it.each([
    ["2", "temp_min"],
    ["the second one", "temp_min"],
    ["first", "temp_max"],
    ["temp_min", "temp_min"],
    ["temp max please", "temp_max"],
    ["I meant temp_max", "temp_max"],
    ["What is the average temp_min?", "temp_min"],
  ])("reads %j as %s", (reply, label) => {
    expect(resolveClarificationReply(reply, options)?.label).toBe(label);
  });

  it.each(["3", "How many rainy days?", "both"])("picks nothing for %j", (reply) => {
    expect(resolveClarificationReply(reply, options)).toBeUndefined();
  });
});
