import { describe, expect, it } from "vitest";
import { type Plan, type ProbeOutcome, planQuery } from "./plan-query.js";
import type { Term } from "./question-terms.js";
import { fixtureTable, weatherFixture } from "./schema-fixtures.js";
import type { TableSchema } from "./table-schema.js";

/** Readings the planner generalises: none of these tables or questions is in the development set. */

function plan(question: string, tables: TableSchema[], probes = new Map<string, ProbeOutcome>()): Plan {
  return planQuery({
    question,
    tables,
    dialect: "duckdb",
    probes,
    conceptsOf: (t: Term) => [t.concept, t.stem],
  });
}

function sqlOf(question: string, tables: TableSchema[]): string {
  const result = plan(question, tables);
  if (result.type !== "query") throw new Error(`${question}: ${JSON.stringify(result)}`);
  return result.sql;
}

/** Runs the join probe a plan asks for, answering that every candidate key matches. */
function sqlAfterJoinProbe(question: string, tables: TableSchema[]): string {
  const first = plan(question, tables);
  if (first.type !== "probe") throw new Error(`${question}: ${JSON.stringify(first)}`);
  const rows = [
    ["sales", "Cust ID", "customers", "id", 100, 100],
    ["sales", "Item Code", "items", "SKU", 30, 30],
  ];
  const second = plan(question, tables, new Map([[first.sql[0] as string, { rows, hidden: false }]]));
  if (second.type !== "query") throw new Error(`${question}: ${JSON.stringify(second)}`);
  return second.sql;
}

const vehicles = fixtureTable("vehicles", 300, [
  { name: "Model", kind: "string", distinct: 290, values: ["alpha", "beta"] },
  { name: "Cyl", kind: "integer", distinct: 5 },
  { name: "Weight_kg", kind: "number", distinct: 280 },
  { name: "Country", kind: "string", values: ["USA", "Japan", "Germany"] },
]);

const trips = fixtureTable("trips", 5000, [
  { name: "Trip Date", kind: "string", distinct: 365, values: ["2021-03-05 14:22", "2021-11-17 08:01"] },
  { name: "Origin Code", kind: "string", distinct: 80, values: ["BOS", "SEA"] },
  { name: "Dest Code", kind: "string", distinct: 80, values: ["SEA", "BOS"] },
  { name: "Fare", kind: "number", distinct: 900 },
  { name: "Precip", kind: "number", distinct: 50, nullRate: 0 },
  { name: "Sky", kind: "string", values: ["rain", "clear"] },
]);

const sales = fixtureTable("sales", 800, [
  { name: "Sale Dt", kind: "string", distinct: 700, values: ["03/15/2021", "11/02/2022"] },
  { name: "Shipped On", kind: "string", distinct: 600, values: ["March 15, 2021", "November 2, 2022"] },
  { name: "Cust ID", kind: "integer", distinct: 100 },
  { name: "Item Code", kind: "string", distinct: 30, values: ["I-101", "I-102"] },
  { name: "qty_sold", kind: "integer", distinct: 12 },
  { name: "Was Refunded?", kind: "string", values: ["Y", "N"] },
  { name: "state", kind: "string", values: ["Open", "open", "Closed", "CLOSED"] },
  { name: "tier", kind: "string", values: ["gold", "silver"] },
]);

const customers = fixtureTable("customers", 100, [
  { name: "id", kind: "integer", distinct: 100 },
  { name: "ClientName", kind: "string", distinct: 100, values: ["Ann Lee", "Bo Chan"] },
  { name: "Segment", kind: "string", values: ["Consumer", "Corporate"] },
]);

const items = fixtureTable("items", 30, [
  { name: "SKU", kind: "string", distinct: 30, values: ["I-101", "I-102"] },
  { name: "List Price", kind: "number", distinct: 30 },
  { name: "Category", kind: "string", values: ["Tech", "Furniture"] },
]);

describe("planQuery beyond the development set", () => {
  it("groups by a small set of counts named with 'number of'", () => {
    expect(sqlOf("Average weight by number of cylinders", [vehicles])).toBe(
      `SELECT "Cyl" AS "Cyl", avg("Weight_kg") AS "average_weight_kg" FROM "vehicles" GROUP BY 1 ORDER BY 1 ASC NULLS LAST`,
    );
  });

  it("ranks a table's rows after a superlative, and keeps a named column an extreme", () => {
    expect(sqlOf("What is the lightest vehicle?", [vehicles])).toMatch(
      /^SELECT "Model" AS "Model", "Weight_kg" AS "Weight_kg", .* ORDER BY 2 ASC NULLS LAST LIMIT 1$/,
    );
    expect(sqlOf("What is the heaviest vehicle weight?", [vehicles])).toBe(
      `SELECT max("Weight_kg") AS "max_weight_kg" FROM "vehicles"`,
    );
  });

  it("reads 'what's' as 'what is'", () => {
    expect(sqlOf("What's the average weight of Japanese vehicles?", [vehicles])).toBe(
      `SELECT avg("Weight_kg") AS "average_weight_kg" FROM "vehicles" WHERE "Country" = 'Japan'`,
    );
  });

  it("follows 'from' and 'to' to origin and destination columns", () => {
    expect(sqlOf("How many trips went from BOS to SEA?", [trips])).toContain(
      `WHERE "Origin Code" = 'BOS' AND "Dest Code" = 'SEA'`,
    );
  });

  it("reads negations over grammar words, zero amounts and range of dates", () => {
    expect(sqlOf("How many vehicles are not from the USA?", [vehicles])).toContain(`"Country" <> 'USA'`);
    expect(sqlOf("How many trips had no rain?", [trips])).toContain(`WHERE "Precip" = 0`);
    expect(sqlOf("How many trips between 2021-03-01 and 2021-03-31?", [trips])).toContain(
      `BETWEEN CAST('2021-03-01' AS DATE) AND CAST('2021-03-31' AS DATE)`,
    );
  });

  it("takes a stored value over a column's synonym, unless a measure word comes first", () => {
    expect(sqlOf("How many trips had rain?", [trips])).toContain(`WHERE "Sky" = 'rain'`);
    expect(sqlOf("Total rain by year", [trips])).toContain(`sum("Precip")`);
  });

  it("filters on the date column the verb names", () => {
    expect(sqlOf("How many sales shipped in December?", [sales])).toContain(
      `month(try_strptime("Shipped On", '%B %d, %Y')) = 12`,
    );
    expect(sqlOf("How many sales were made in 2022?", [sales])).toContain(
      `year(try_strptime("Sale Dt", '%m/%d/%Y')) = 2022`,
    );
  });

  it("reads yes/no text columns, spellings differing in case, and a column named beside its value", () => {
    expect(sqlOf("How many sales were refunded?", [sales])).toContain(`WHERE "Was Refunded?" = 'Y'`);
    expect(sqlOf("How many sales were not refunded?", [sales])).toContain(`WHERE "Was Refunded?" = 'N'`);
    expect(sqlOf("How many closed sales?", [sales])).toContain(`WHERE "state" IN ('Closed', 'CLOSED')`);
    expect(sqlOf("How many gold tier sales are there?", [sales])).toBe(
      `SELECT count(*) AS "count" FROM "sales" WHERE "tier" = 'gold'`,
    );
  });

  it("groups by time words used alone", () => {
    expect(sqlOf("Monthly quantity sold", [sales])).toContain(`date_trunc('month'`);
  });

  it("reads a table named before its column, and a table as the agent of a verb", () => {
    const tables = [sales, customers];
    expect(sqlAfterJoinProbe("Total quantity sold by customer segment", tables)).toContain(
      `SELECT "customers"."Segment" AS "Segment", sum("sales"."qty_sold")`,
    );
    expect(sqlAfterJoinProbe("How many sales were made by corporate customers?", tables)).toBe(
      `SELECT count(*) AS "count" FROM "sales" JOIN "customers" ON "sales"."Cust ID" = "customers"."id" WHERE "customers"."Segment" = 'Corporate'`,
    );
    expect(sqlAfterJoinProbe("Which customer has the highest total quantity sold?", tables)).toContain(
      `"customers"."ClientName" AS "ClientName", sum("sales"."qty_sold")`,
    );
  });

  it("reads the many side when the measure's table is the one side", () => {
    expect(sqlAfterJoinProbe("Average list price of items sold in 2022", [sales, items])).toMatch(
      /^SELECT avg\("items"\."List Price"\) .* FROM "sales" JOIN "items" ON "sales"\."Item Code" = "items"\."SKU"/,
    );
  });

  it("still says when it does not know a word", () => {
    expect(plan("How many windy days?", [weatherFixture])).toMatchObject({ type: "unsure" });
  });
});
