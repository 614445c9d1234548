import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDuckDbEngine } from "../engine/duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../engine/duckdb/fixture-parquet.js";
import type { QueryResult, SqlEngine } from "../engine/sql-engine.js";
import type { Json } from "../model/common.js";
import { datasetFixture } from "./quality-fixtures.js";
import { checkResult, sanityNote } from "./result-sanity.js";

const sales = datasetFixture("sales", 4, [
  { name: "amount", min: 50, max: 200 },
  { name: "region", kind: "string", type: "VARCHAR" },
]);
const regions = datasetFixture("regions", 4, [{ name: "region", kind: "string", type: "VARCHAR" }]);

function result(columns: string[], rows: Json[][], extra: Partial<QueryResult> = {}): QueryResult {
  return {
    columns: columns.map((name) => ({ name, type: "DOUBLE" })),
    rows,
    rowCount: rows.length,
    truncated: false,
    durationMs: 1,
    ...extra,
  };
}

describe("checkResult", () => {
  it("trusts an ordinary result", () => {
    const report = checkResult({
      result: result(
        ["region", "total"],
        [
          ["North", 300],
          ["South", 150],
        ],
      ),
      sql: "SELECT region, sum(amount) AS total FROM sales GROUP BY region",
      datasets: [sales],
    });
    expect(report).toEqual({ confidence: "high", findings: [] });
    expect(sanityNote(report)).toBeUndefined();
  });

  it("says an empty result may come from filters matching nothing", () => {
    const report = checkResult({ result: result(["total"], []), datasets: [sales] });
    expect(report.confidence).toBe("low");
    expect(sanityNote(report)).toMatch(/^Confidence: low\. The query returned no rows/);
  });

  it("flags a column with no values", () => {
    const single = checkResult({
      result: result(["total"], [[null]]),
      sql: "SELECT sum(amount) AS total FROM sales WHERE 1=0",
    });
    expect(single.findings.map((f) => [f.code, f.severity])).toEqual([["all-null", "low"]]);
    const grouped = checkResult({
      result: result(
        ["region", "note"],
        [
          ["N", null],
          ["S", null],
        ],
      ),
    });
    expect(grouped).toMatchObject({ confidence: "medium", findings: [{ code: "all-null", column: "note" }] });
  });

  it("flags negative counts, shares over 100% and counts beyond the table", () => {
    const report = checkResult({
      result: result(["n", "share_pct", "growth_pct", "orders"], [[-1, 130, 250, 9]]),
      sql: "SELECT count(*) AS orders FROM sales",
      datasets: [sales],
    });
    expect(report.findings.map((f) => f.code)).toEqual([
      "negative-count",
      "percent-over-100",
      "count-too-large",
    ]);
    expect(report.confidence).toBe("low");
  });

  it("flags an average outside the column's range, for an unaliased DuckDB column too", () => {
    const report = checkResult({
      result: result(["avg(amount)"], [[900]]),
      sql: "SELECT avg(amount) FROM sales",
      datasets: [sales],
    });
    expect(report.findings).toMatchObject([{ code: "out-of-range", column: "avg(amount)" }]);
  });

  it("only mentions a truncated result", () => {
    const report = checkResult({ result: result(["x"], [[1]], { rowCount: 50_000, truncated: true }) });
    expect(report.confidence).toBe("high");
    expect(sanityNote(report)).toBe("Note: The result has 50000 rows; only the first 1 are kept.");
  });
});

describe("checkResult over a real fan-out join", () => {
  let engine: SqlEngine;
  beforeAll(async () => {
    engine = await createDuckDbEngine({
      tables: await fixtureParquetBytes([
        {
          name: "sales",
          columns: [
            { name: "region", type: "text" },
            { name: "amount", type: "double" },
          ],
          rows: [
            ["North", 100],
            ["North", 200],
            ["South", 50],
            ["South", 100],
          ],
        },
        {
          name: "regions",
          columns: [{ name: "region", type: "text" }],
          rows: [["North"], ["North"], ["North"], ["North"]],
        },
      ]),
    });
  });
  afterAll(() => engine.close());

  it("says a total grown past what the column can add up to may come from a join", async () => {
    const sql = "SELECT sum(s.amount) AS total FROM sales s JOIN regions r ON s.region = r.region";
    const report = checkResult({ result: await engine.query(sql), sql, datasets: [sales, regions] });
    expect(report.confidence).toBe("low");
    expect(report.findings[0]).toMatchObject({ code: "sum-too-large", column: "total" });
    expect(report.findings[0]?.note).toContain("a join may count rows more than once");
  });

  it("trusts the same total without the fan-out", async () => {
    const sql = "SELECT sum(amount) AS total FROM sales";
    expect(checkResult({ result: await engine.query(sql), sql, datasets: [sales] }).confidence).toBe("high");
  });
});
