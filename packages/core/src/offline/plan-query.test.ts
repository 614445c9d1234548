import { describe, expect, it } from "vitest";
import { type Plan, type PlanContext, type ProbeOutcome, planQuery } from "./plan-query.js";
import type { Term } from "./question-terms.js";
import {
  airportsFixture,
  fixtureTable,
  flightsFixture,
  ordersFixture,
  weatherFixture,
} from "./schema-fixtures.js";
import type { TableSchema } from "./table-schema.js";
import type { Dialect } from "./text-dates.js";

function plan(
  question: string,
  tables: TableSchema[],
  dialect: Dialect = "duckdb",
  probes: Map<string, ProbeOutcome> = new Map(),
): Plan {
  const ctx: PlanContext = {
    question,
    tables,
    dialect,
    probes,
    conceptsOf: (t: Term) => [t.concept, t.stem],
  };
  return planQuery(ctx);
}

function sqlOf(question: string, tables: TableSchema[], dialect: Dialect = "duckdb"): string {
  const result = plan(question, tables, dialect);
  if (result.type !== "query") throw new Error(`${question}: ${JSON.stringify(result)}`);
  return result.sql;
}

describe("planQuery", () => {
  it("counts with value and year filters", () => {
    expect(sqlOf("How many snowy days were there in 2012?", [weatherFixture])).toBe(
      `SELECT count(*) AS "count" FROM "weather" WHERE "weather" = 'snow' AND year("date") = 2012`,
    );
  });

  it("aggregates by groups and by time buckets", () => {
    expect(sqlOf("Total precipitation by year", [weatherFixture])).toBe(
      `SELECT year("date") AS "year", sum("precipitation") AS "total_precipitation" FROM "weather" GROUP BY 1 ORDER BY 1 ASC NULLS LAST`,
    );
    expect(sqlOf("Average max temperature for each month of the year", [weatherFixture])).toContain(
      `month("date") AS "month"`,
    );
    // "by month" is the month of the year, as "by year" is the year; "monthly" is the calendar months in turn.
    expect(sqlOf("Total cost by month", [ordersFixture])).toContain(
      `month(try_strptime("Order Dt", '%d-%b-%Y')) AS "month"`,
    );
    expect(sqlOf("Monthly total cost", [ordersFixture])).toContain(
      `CAST(date_trunc('month', try_strptime("Order Dt", '%d-%b-%Y')) AS DATE) AS "month"`,
    );
  });

  it("ranks by rows for 'most common X' with no 'which' before it", () => {
    const ranked = (dir: string, limit: number) =>
      `SELECT "weather" AS "weather", count(*) AS "count" FROM "weather" GROUP BY 1 ORDER BY 2 ${dir} NULLS LAST LIMIT ${limit}`;
    expect(sqlOf("Most common weather", [weatherFixture])).toBe(ranked("DESC", 1));
    expect(sqlOf("least common weather", [weatherFixture])).toBe(ranked("ASC", 1));
    expect(sqlOf("What are the most common values of weather?", [weatherFixture])).toBe(ranked("DESC", 10));
  });

  it("reads 'over time' and 'trend' as a time bucket fitted to the date column's span", () => {
    // Four years of days: calendar months, 48 points.
    const monthly = `SELECT CAST(date_trunc('month', "date") AS DATE) AS "month", sum("precipitation") AS "total_precipitation" FROM "weather" GROUP BY 1 ORDER BY 1 ASC NULLS LAST`;
    expect(sqlOf("Total precipitation over time", [weatherFixture])).toBe(monthly);
    expect(sqlOf("What is the trend of total precipitation?", [weatherFixture])).toBe(monthly);
    // A bucket the question names wins; "over" still compares when "time" does not follow.
    expect(sqlOf("Total precipitation by year over time", [weatherFixture])).toContain(
      `year("date") AS "year"`,
    );
    expect(sqlOf("Days with precipitation over 10", [weatherFixture])).toContain(`"precipitation" > 10`);
    // Thirty years of days: by year.
    const decades = fixtureTable("climate", 10_958, [
      { name: "day", kind: "date", distinct: 10_958, min: "1990-01-01", max: "2019-12-31" },
      { name: "rainfall", kind: "number", distinct: 300 },
    ]);
    expect(sqlOf("rainfall trend (average)", [decades])).toContain(`year("day") AS "year"`);
  });

  it("ranks rows and groups", () => {
    expect(sqlOf("Which 5 days had the most precipitation?", [weatherFixture])).toMatch(
      /^SELECT "date" AS "date", "precipitation" AS "precipitation", .* FROM "weather" ORDER BY 2 DESC NULLS LAST LIMIT 5$/,
    );
    expect(sqlOf("Which weather type is most common?", [weatherFixture])).toBe(
      `SELECT "weather" AS "weather", count(*) AS "count" FROM "weather" GROUP BY 1 ORDER BY 2 DESC NULLS LAST LIMIT 1`,
    );
    expect(sqlOf("Which region had the lowest average unit price?", [ordersFixture])).toBe(
      `SELECT "Cust_Region" AS "Cust_Region", avg("Unit Price ($)") AS "average_unit_price" FROM "orders" GROUP BY 1 ORDER BY 2 ASC NULLS LAST LIMIT 1`,
    );
  });

  it("reads comparisons, extremes and missing values", () => {
    expect(sqlOf("How many orders have a quantity of at least 5?", [ordersFixture])).toContain(
      `WHERE "QTY" >= 5`,
    );
    expect(sqlOf("What was the highest temperature?", [weatherFixture])).toBe(
      `SELECT max("temp_max") AS "max_temp_max" FROM "weather"`,
    );
    expect(sqlOf("What was the coldest temperature?", [weatherFixture])).toContain(`min("temp_min")`);
  });

  it("writes the PostgreSQL variants", () => {
    expect(sqlOf("Average cost total in 2021", [ordersFixture], "postgres")).toBe(
      `SELECT avg("Cost Total $") AS "average_cost_total" FROM "orders" WHERE CAST(EXTRACT(YEAR FROM to_date("Order Dt", 'DD-Mon-YYYY')) AS INTEGER) = 2021`,
    );
    expect(sqlOf("Median unit price by region", [ordersFixture], "postgres")).toContain(
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY "Unit Price ($)")`,
    );
  });

  it("probes values the profile does not list, then uses what the probe found", () => {
    const first = plan("How many orders did Acme Freight ship?", [ordersFixture]);
    expect(first.type).toBe("probe");
    const probeSql = first.type === "probe" ? (first.sql[0] as string) : "";
    expect(probeSql).toContain(`IN ('acme'`);
    const found = plan(
      "How many orders did Acme Freight ship?",
      [ordersFixture],
      "duckdb",
      new Map([[probeSql, { rows: [["orders", "Shipper", "Acme Freight"]], hidden: false }]]),
    );
    expect(found).toMatchObject({
      type: "query",
      sql: expect.stringContaining(`WHERE "Shipper" = 'Acme Freight'`),
    });
    const missing = plan(
      "How many orders did Acme Freight ship?",
      [ordersFixture],
      "duckdb",
      new Map([[probeSql, { rows: [], hidden: false }]]),
    );
    expect(missing).toMatchObject({ type: "unsure", reason: expect.stringContaining('"Acme"') });
  });

  it("confirms a join by probing key overlap before joining", () => {
    const tables = [flightsFixture, airportsFixture];
    const first = plan("How many flights departed from airports in California?", tables);
    if (first.type !== "probe") throw new Error(JSON.stringify(first));
    expect(first.sql[0]).toContain("count(r.k) AS matched");
    const rows = [
      ["flights", "origin", "airports", "iata", 200, 199],
      ["flights", "destination", "airports", "iata", 210, 205],
    ];
    const second = plan(
      "How many flights departed from airports in California?",
      tables,
      "duckdb",
      new Map([[first.sql[0] as string, { rows, hidden: false }]]),
    );
    expect(second).toMatchObject({
      type: "query",
      sql: `SELECT count(*) AS "count" FROM "flights" JOIN "airports" ON "flights"."origin" = "airports"."iata" WHERE "airports"."state" = 'CA'`,
    });
    const arriving = plan(
      "How many flights arriving at airports in California?",
      tables,
      "duckdb",
      new Map([[first.sql[0] as string, { rows, hidden: false }]]),
    );
    expect(arriving).toMatchObject({
      sql: expect.stringContaining(`"flights"."destination" = "airports"."iata"`),
    });
  });

  it("does not probe values the privacy setting hides, and says what it could not find", () => {
    const hidden: TableSchema = {
      ...ordersFixture,
      valuesVisible: false,
      columns: ordersFixture.columns.map((c) => ({
        ...c,
        values: [],
        complete: false,
        dateFormat: undefined,
      })),
    };
    expect(plan("How many orders did Acme ship?", [hidden])).toMatchObject({
      type: "unsure",
      reason: expect.stringContaining('"Acme"'),
    });
    expect(plan("Average quantity by region", [hidden])).toMatchObject({ type: "query" });
  });

  it("is unsure rather than guessing", () => {
    expect(plan("What is the average salary?", [weatherFixture])).toMatchObject({
      type: "unsure",
      reason: expect.stringContaining("average"),
    });
    expect(plan("How many foggy hours in 2012?", [weatherFixture])).toMatchObject({ type: "query" });
    expect(plan("How many windy days?", [weatherFixture])).toMatchObject({
      type: "unsure",
      reason: expect.stringContaining("windy"),
    });
    expect(plan("tell me a joke", [weatherFixture])).toMatchObject({ type: "unsure" });
    expect(plan("How many flights?", [])).toMatchObject({ type: "unsure" });
  });
});
