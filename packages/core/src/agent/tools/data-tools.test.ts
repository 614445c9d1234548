import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDuckDbEngine, type DuckDbEngine } from "../../engine/duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../../engine/duckdb/fixture-parquet.js";
import { QuarryError } from "../../errors/quarry-error.js";
import type { Dataset } from "../../model/dataset.js";
import type { FixtureTable } from "../../testing/engine/fixture-tables.js";
import { createDataTools, type DataToolAuditEntry, type DataToolsOptions } from "./data-tools.js";

const fixtures: FixtureTable[] = [
  {
    name: "sales",
    columns: [
      { name: "region", type: "text" },
      { name: "amount", type: "double" },
      { name: "day", type: "date" },
    ],
    rows: [
      ["Zanzibar", 120.5, "2024-01-05"],
      ["Quixote", 75, "2024-01-12"],
      ["Zanzibar", 210, "2024-02-20"],
      ["Wombat", 55.25, "2024-03-02"],
    ],
  },
  {
    name: 'Odd "Name"',
    columns: [{ name: "x", type: "integer" }],
    rows: [[1], [2], [3]],
  },
];

const salesDataset = {
  id: "ds_1",
  ownerId: "u1",
  tenantId: "t1",
  name: "Sales",
  tableName: "sales",
  format: "csv",
  rowCount: 4,
  sizeBytes: 100,
  columns: [
    {
      name: "region",
      type: "VARCHAR",
      kind: "string",
      nullCount: 0,
      nullRate: 0,
      distinctCount: 3,
      min: "Quixote",
      max: "Zanzibar",
      topValues: [{ value: "Zanzibar", count: 2 }],
      sampleValues: ["Wombat"],
    },
    {
      name: "amount",
      type: "DOUBLE",
      kind: "number",
      nullCount: 0,
      nullRate: 0,
      distinctCount: 4,
      min: 55.25,
      max: 210,
      mean: 115.1875,
    },
  ],
  glossary: [{ term: "revenue", meaning: "Sum of amounts", sql: "sum(amount)" }],
  suggestions: [],
  blobKey: null,
  sourceFileName: null,
  metadata: {},
  version: 1,
  deletedAt: null,
  createdAt: "2024-01-01T00:00:00.000Z",
  updatedAt: "2024-01-01T00:00:00.000Z",
} as Dataset;

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await createDuckDbEngine({ tables: await fixtureParquetBytes(fixtures), threads: 1 });
});
afterAll(async () => {
  await engine.close();
});

function tools(overrides: Partial<DataToolsOptions> = {}) {
  const audits: DataToolAuditEntry[] = [];
  const dataTools = createDataTools({
    engine,
    datasets: [salesDataset],
    privacy: { modelRows: 2 },
    limits: { maxRows: 100, timeoutMs: 10_000 },
    audit: (entry) => {
      audits.push(entry);
    },
    ...overrides,
  });
  return { ...dataTools, audits };
}

describe("data tools: happy paths", () => {
  it("list_tables returns names, row counts and column counts", async () => {
    const outcome = await tools().call("list_tables", "{}");
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(outcome.forModel)).toEqual({
      tables: [
        { name: "sales", rowCount: 4, columnCount: 3 },
        { name: 'Odd "Name"', rowCount: 3, columnCount: 1 },
      ],
    });
    expect(outcome.forUser).toEqual(JSON.parse(outcome.forModel));
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("list_tables accepts empty arguments", async () => {
    expect((await tools().call("list_tables", "")).ok).toBe(true);
  });

  it("describe_table merges columns, profile and glossary (case-insensitive name)", async () => {
    const outcome = await tools().call("describe_table", '{"table":"SALES"}');
    expect(outcome.ok).toBe(true);
    const payload = JSON.parse(outcome.forModel);
    expect(payload.table).toBe("sales");
    expect(payload.columns.map((c: { name: string }) => c.name)).toEqual(["region", "amount", "day"]);
    expect(payload.columns[0]).toMatchObject({ kind: "string", distinctCount: 3, min: "Quixote" });
    expect(payload.columns[0].topValues).toEqual([{ value: "Zanzibar", count: 2 }]);
    expect(payload.columns[1]).toMatchObject({ kind: "number", min: 55.25, max: 210, mean: 115.188 });
    expect(payload.glossary).toEqual([{ term: "revenue", meaning: "Sum of amounts", sql: "sum(amount)" }]);
  });

  it("sample_rows quotes the identifier and caps rows by privacy", async () => {
    const odd = await tools().call("sample_rows", '{"table":"Odd \\"Name\\"","limit":10}');
    expect(odd.ok).toBe(true);
    expect(JSON.parse(odd.forModel)).toMatchObject({ table: 'Odd "Name"', rows: [[1], [2]] });
    const small = await tools({ privacy: { modelRows: 50 } }).call("sample_rows", '{"table":"sales"}');
    expect(JSON.parse(small.forModel).rows).toHaveLength(4);
  });

  it("run_sql returns the shape, at most modelRows rows, and the full capped result", async () => {
    const t = tools();
    const sql = "SELECT region, amount FROM sales ORDER BY amount";
    const outcome = await t.call("run_sql", JSON.stringify({ sql }));
    expect(outcome.ok).toBe(true);
    const payload = JSON.parse(outcome.forModel);
    expect(payload).toMatchObject({ rowCount: 4, truncated: false, rowsShown: 2 });
    expect(payload.rows).toEqual([
      ["Wombat", 55.25],
      ["Quixote", 75],
    ]);
    expect(payload.columns.map((c: { name: string }) => c.name)).toEqual(["region", "amount"]);
    expect(outcome.result?.rows).toHaveLength(4);
    expect(outcome.sql).toBe(sql);
    expect(t.audits).toEqual([{ sql, ok: true, error: null, rowCount: 4, durationMs: expect.any(Number) }]);
  });
});

describe("data tools: bad input", () => {
  it("malformed JSON is reported, not thrown", async () => {
    const outcome = await tools().call("run_sql", "{sql: SELECT");
    expect(outcome.ok).toBe(false);
    expect(outcome.forModel).toContain("not valid JSON");
  });

  it("wrong types and out-of-range values are reported with the field", async () => {
    const wrong = await tools().call("describe_table", '{"table": 42}');
    expect(wrong.ok).toBe(false);
    expect(wrong.forModel).toContain("INVALID_INPUT");
    expect(wrong.forModel).toContain("table");
    const tooMany = await tools().call("sample_rows", '{"table":"sales","limit":500}');
    expect(tooMany.ok).toBe(false);
    expect(tooMany.forModel).toContain("limit");
  });

  it("an unknown tool lists the tools", async () => {
    const outcome = await tools().call("drop_everything", "{}");
    expect(outcome.ok).toBe(false);
    for (const name of ["list_tables", "describe_table", "sample_rows", "run_sql"]) {
      expect(outcome.forModel).toContain(name);
    }
  });

  it("an unknown table lists the available ones", async () => {
    for (const name of ["describe_table", "sample_rows"]) {
      const outcome = await tools().call(name, '{"table":"nope"}');
      expect(outcome.ok).toBe(false);
      expect(JSON.parse(outcome.forModel).error).toMatchObject({
        code: "NOT_FOUND",
        availableTables: ["sales", 'Odd "Name"'],
      });
    }
  });
});

describe("data tools: run_sql failures", () => {
  it.each([
    ["DROP TABLE", "DROP TABLE sales"],
    ["read_csv", "SELECT * FROM read_csv('/etc/passwd')"],
  ])("refuses %s as UNSAFE_SQL, runs nothing, audits it", async (_label, sql) => {
    const t = tools();
    const outcome = await t.call("run_sql", JSON.stringify({ sql }));
    expect(outcome.ok).toBe(false);
    expect(outcome.forModel).toContain("UNSAFE_SQL");
    expect(outcome.result).toBeUndefined();
    expect(outcome.forModel).not.toContain("root:");
    expect(t.audits).toEqual([
      {
        sql,
        ok: false,
        error: expect.stringMatching(/^UNSAFE_SQL: /),
        rowCount: null,
        durationMs: expect.any(Number),
      },
    ]);
    expect((await engine.query("SELECT count(*) FROM sales")).rows).toEqual([[4]]);
  });

  it("a syntax error comes back as QUERY_FAILED with the message", async () => {
    const outcome = await tools().call("run_sql", '{"sql":"SELECT region FROM sales WHERE"}');
    expect(outcome.ok).toBe(false);
    const { error } = JSON.parse(outcome.forModel);
    expect(error.code).toBe("QUERY_FAILED");
    expect(error.message).toMatch(/syntax/i);
  });

  it("an unknown column comes back as QUERY_FAILED", async () => {
    const outcome = await tools().call("run_sql", '{"sql":"SELECT nope FROM sales"}');
    expect(JSON.parse(outcome.forModel).error.code).toBe("QUERY_FAILED");
  });

  it("an abort propagates as ABORTED and is audited", async () => {
    const controller = new AbortController();
    const t = tools({ signal: controller.signal });
    const sql =
      "SELECT count(*) FROM sales a, sales b, sales c, sales d, sales e, sales f, sales g, sales h, sales i, sales j, sales k, sales l, sales m";
    const pending = t.call("run_sql", JSON.stringify({ sql }));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(QuarryError.is(error, "ABORTED")).toBe(true);
    expect(t.audits).toHaveLength(1);
    expect(t.audits[0]?.ok).toBe(false);
    await expect(t.call("list_tables", "{}")).rejects.toSatisfy((e) => QuarryError.is(e, "ABORTED"));
  });
});

describe("data tools: audit", () => {
  it("a failing audit write propagates instead of posing as a SQL error", async () => {
    const t = tools({
      audit: () => {
        throw new Error("audit store down");
      },
    });
    await expect(t.call("run_sql", '{"sql":"SELECT 1 AS one"}')).rejects.toThrow("audit store down");
  });
});

describe("data tools: privacy", () => {
  const sql = '{"sql":"SELECT region, amount FROM sales"}';

  it("with 0 rows the model sees schema and aggregates only", async () => {
    const t = tools({ privacy: { modelRows: 0 } });
    const outputs = [
      (await t.call("run_sql", sql)).forModel,
      (await t.call("describe_table", '{"table":"sales"}')).forModel,
    ];
    // Text values are cells; numeric min/max/mean are aggregates the model may keep in describe_table.
    for (const text of outputs) {
      for (const value of ["Zanzibar", "Quixote", "Wombat"]) expect(text).not.toContain(value);
    }
    for (const value of ["120.5", "55.25", "75", "210"]) expect(outputs[0]).not.toContain(value);
    const run = JSON.parse(outputs[0] ?? "");
    expect(run).toMatchObject({ rowCount: 4, rows: [], rowsShown: 0 });
    const described = JSON.parse(outputs[1] ?? "");
    expect(described.columns[0]).toEqual({
      name: "region",
      type: "VARCHAR",
      kind: "string",
      nullRate: 0,
      distinctCount: 3,
    });
    expect(described.glossary).toHaveLength(1);
    const sample = await t.call("sample_rows", '{"table":"sales"}');
    expect(sample.ok).toBe(false);
    expect(sample.forModel.toLowerCase()).toContain("row samples are disabled by the privacy setting");
  });

  it("with 2 rows the model sees two rows while the result keeps all", async () => {
    const outcome = await tools({ privacy: { modelRows: 2 } }).call("run_sql", sql);
    expect(JSON.parse(outcome.forModel).rows).toHaveLength(2);
    expect(outcome.result?.rows).toHaveLength(4);
  });
});
