import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DuckDbWorkspace, openWorkspace } from "../ingest/duckdb-workspace.js";
import { profileTable } from "./profile-table.js";

let dir: string;
let ws: DuckDbWorkspace;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-profile-"));
  ws = await openWorkspace({ workDir: dir });
  // 12 rows: numbers with an outlier and a gap, text with case variants and stray spaces, text that is mostly
  // numbers or dates, a zero-padded code, booleans, dates, and one duplicated row.
  await ws.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 10.0, 'Paris', '12', '2020-01-05', '007', true, DATE '2020-01-01'),
    (2, 11.0, 'paris', '13', '2020-01-06', '008', false, DATE '2020-01-02'),
    (3, 12.0, 'PARIS', '14', '01/07/2020', '009', true, DATE '2020-01-03'),
    (4, 13.0, 'Lyon', 'n/a', '2020-01-08', '010', NULL, DATE '2020-01-04'),
    (5, 14.0, ' Lyon', '16', 'soon', '011', true, DATE '2020-01-05'),
    (6, 15.0, 'Lyon', '17', '2020-01-10', '012', true, DATE '2020-01-06'),
    (7, NULL, 'Nice', '18', '2020-01-11', '013', true, DATE '2020-01-07'),
    (8, 16.0, 'Nice', '19', '2020-01-12', '014', false, DATE '2020-01-08'),
    (9, 17.0, NULL, '20', '2020-01-13', '015', true, DATE '2020-01-09'),
    (10, 18.0, 'Nice', '21', '2020-01-14', '016', true, DATE '2020-01-10'),
    (11, 500.0, 'Nice', '22', '2020-01-15', '017', true, DATE '2020-01-11'),
    (11, 500.0, 'Nice', '22', '2020-01-15', '017', true, DATE '2020-01-11')
  ) AS v("id", "Amount $", "City", "Count", "When", "Code", "Flag", "Day")`);
});

afterAll(async () => {
  ws.close();
  await rm(dir, { recursive: true, force: true });
});

describe("profileTable", () => {
  test("column statistics", async () => {
    const p = await profileTable(ws.connection, "t");
    expect(p.rowCount).toBe(12);
    expect(p.duplicateRows).toBe(1);
    const [id, amount, city, count, when, code, flag, day] = p.columns;
    expect(id).toMatchObject({
      name: "id",
      type: "INTEGER",
      kind: "integer",
      nullCount: 0,
      distinctCount: 11,
      min: 1,
      max: 11,
    });
    expect(amount).toMatchObject({
      name: "Amount $",
      kind: "number",
      nullCount: 1,
      min: 10,
      max: 500,
      outlierCount: 2,
    });
    expect(amount?.nullRate).toBeCloseTo(1 / 12);
    expect(amount?.quantiles).toEqual({ p25: 12.5, p50: 15, p75: 17.5 });
    expect(amount?.mean).toBeCloseTo(1126 / 11);
    expect(city).toMatchObject({ kind: "string", nullCount: 1, distinctCount: 6 });
    expect(city?.topValues?.[0]).toEqual({ value: "Nice", count: 5 });
    expect(city?.sampleValues).toEqual(["Paris", "paris", "PARIS", "Lyon", " Lyon"]);
    expect(count?.kind).toBe("string");
    expect(when?.kind).toBe("string");
    expect(code?.kind).toBe("string");
    expect(flag).toMatchObject({ kind: "boolean", nullCount: 1, distinctCount: 2 });
    expect(flag?.topValues).toEqual([
      { value: true, count: 9 },
      { value: false, count: 2 },
    ]);
    expect(day).toMatchObject({ kind: "date", min: "2020-01-01", max: "2020-01-11" });
    // Few distinct values, so even a date column lists its top values.
    expect(day?.topValues?.[0]).toEqual({ value: "2020-01-11", count: 2 });
    expect(p.preview).toMatchObject({ rowCount: 12, truncated: false });
    expect(p.preview.rows).toHaveLength(12);
    expect(p.preview.columns.map((c) => c.name)).toEqual([
      "id",
      "Amount $",
      "City",
      "Count",
      "When",
      "Code",
      "Flag",
      "Day",
    ]);
  });

  test("text checks: whitespace, case variants, numbers, dates, zero-padded codes", async () => {
    const p = await profileTable(ws.connection, "t");
    const checks = Object.fromEntries(p.columns.map((c, i) => [c.name, p.checks[i]]));
    expect(checks.id).toBeNull();
    // paris and PARIS are variants of Paris, and " Lyon" (trimmed) of Lyon.
    expect(checks.City).toMatchObject({ whitespace: 1, caseVariants: 3, caseStyle: "title" });
    expect(checks.Count).toMatchObject({ numeric: 11, integer: 11, leadingZero: 0 });
    expect(checks.When).toMatchObject({ temporal: 11, withTime: 0, numeric: 0 });
    expect(checks.Code).toMatchObject({ numeric: 12, leadingZero: 12 });
  });

  test("the long path (used for wide tables) gives the same profile as the direct path", async () => {
    const direct = await profileTable(ws.connection, "t");
    const long = await profileTable(ws.connection, "t", { wideColumns: 0 });
    expect(long).toEqual({ ...direct, preview: { ...direct.preview, durationMs: long.preview.durationMs } });
  });

  test("approximate statistics past the exact-row limit stay close", async () => {
    const p = await profileTable(ws.connection, "t", { exactRowLimit: 5 });
    expect(p.columns[0]?.distinctCount).toBeGreaterThanOrEqual(10);
    expect(p.columns[1]?.quantiles?.p50).toBeTypeOf("number");
  });

  test.each([
    ["direct, exact", {}],
    ["direct, approximate", { exactRowLimit: 1 }],
    ["long", { wideColumns: 0 }],
  ])("unusual types profile without errors (%s)", async (_, options) => {
    await ws.run(`CREATE OR REPLACE TABLE odd AS SELECT * FROM (VALUES
      (170141183460469231731687303715884105727::HUGEINT, 12.345::DECIMAL(10,3), TIMESTAMPTZ '2020-01-01 10:00:00+00',
       TIME '10:30:00', 'ab'::BLOB, uuid(), INTERVAL 3 DAY, 255::UTINYINT, 1.5::FLOAT),
      (1::HUGEINT, 0.5::DECIMAL(10,3), TIMESTAMPTZ '2021-06-01 00:00:00+00', TIME '11:00:00', 'cd'::BLOB, uuid(),
       INTERVAL 1 HOUR, 0::UTINYINT, 'NaN'::FLOAT)
    ) AS v(h, d, tz, tm, b, u, i, ut, f)`);
    const p = await profileTable(ws.connection, "odd", options);
    expect(p.columns.map((c) => c.kind)).toEqual([
      "integer",
      "number",
      "timestamp",
      "other",
      "other",
      "string",
      "other",
      "integer",
      "number",
    ]);
    expect(p.columns[0]?.max).toBe("170141183460469231731687303715884105727");
    expect(p.columns[2]).toMatchObject({ min: "2020-01-01T10:00:00.000Z", max: "2021-06-01T00:00:00.000Z" });
    expect(p.columns[8]).toMatchObject({ max: "NaN" });
    expect(p.columns.every((c) => c.nullCount === 0 && c.distinctCount === 2)).toBe(true);
  });

  test("an empty table", async () => {
    await ws.run(`CREATE TABLE empty_t ("a" VARCHAR, "b" DOUBLE)`);
    const p = await profileTable(ws.connection, "empty_t");
    expect(p).toMatchObject({ rowCount: 0, duplicateRows: 0, checks: [expect.anything(), null] });
    expect(p.columns[1]).toMatchObject({
      nullCount: 0,
      nullRate: 0,
      distinctCount: 0,
      min: null,
      max: null,
      mean: null,
    });
  });

  describe("past the exact-row limit: a sample for the expensive statistics", () => {
    // 60,005 rows: a unique id and unique text, few-valued numbers and text, stray spaces, nulls, 5 duplicates.
    // sampleRows: 1 makes the sample its floor of ten vectors (20,480 rows), about a third of the table.
    const sampled = { exactRowLimit: 10_000, sampleRows: 1 };
    beforeAll(async () => {
      await ws.run(`CREATE TABLE big AS SELECT i AS id, i % 7 AS small,
        CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 37) % 1000 END AS num, 'k' || (i % 5) AS cat,
        'u' || i AS uniq, CASE WHEN i % 4 = 0 THEN ' pad' ELSE 'pad' END AS padded
        FROM range(60000) AS r(i)`);
      await ws.run("INSERT INTO big SELECT * FROM big WHERE id < 5");
    });

    test("row, null and duplicate counts, min, max and mean stay exact; few-valued columns stay exact", async () => {
      const exact = await profileTable(ws.connection, "big");
      const p = await profileTable(ws.connection, "big", sampled);
      expect(exact.sampleRows).toBeUndefined();
      expect(p.sampleRows).toBeGreaterThan(2_047);
      expect(p.sampleRows).toBeLessThan(60_005);
      expect(p).toMatchObject({ rowCount: 60_005, duplicateRows: 5 });
      expect(exact.duplicateRows).toBe(5);
      for (const [i, column] of p.columns.entries()) {
        const whole = exact.columns[i]!;
        expect([column.nullCount, column.min, column.max]).toEqual([whole.nullCount, whole.min, whole.max]);
        if (whole.mean !== undefined) expect(column.mean).toBeCloseTo(whole.mean as number, 6);
        if (whole.std !== undefined) expect(column.std).toBeCloseTo(whole.std as number, 6);
      }
      const [id, small, num, cat, uniq, padded] = p.columns;
      // Text with few values is grouped over the whole table: exact and not marked.
      expect(cat).toEqual(exact.columns[3]);
      expect(padded).toEqual(exact.columns[5]);
      expect(p.checks[5]).toEqual(exact.checks[5]);
      expect(p.checks[5]?.whitespace).toBe(15_002);
      // Few-valued numbers: exact distinct count and top values, quartiles from the sample.
      expect(small).toMatchObject({ distinctCount: 7, topValues: exact.columns[1]?.topValues });
      expect(small?.profileSampleRows).toBe(p.sampleRows);
      expect(num?.distinctCount).toBe(exact.columns[2]?.distinctCount);
      expect(num?.quantiles?.p50).toBeTypeOf("number");
      // Nearly unique columns: an estimated distinct count (at least what the sample saw), no top values.
      for (const column of [id, uniq]) {
        expect(column?.profileSampleRows).toBe(p.sampleRows);
        expect(column?.distinctCount).toBeGreaterThanOrEqual(p.sampleRows ?? 0);
        expect(column?.distinctCount).toBeLessThanOrEqual(60_005);
      }
      expect(uniq?.topValues).toEqual([]);
    });

    test("the same table gives the same profile, through the direct and the long path", async () => {
      const first = await profileTable(ws.connection, "big", sampled);
      const again = await profileTable(ws.connection, "big", sampled);
      const long = await profileTable(ws.connection, "big", { ...sampled, wideColumns: 0 });
      const steady = (p: typeof first) => ({ ...p, preview: { ...p.preview, durationMs: 0 } });
      expect(steady(again)).toEqual(steady(first));
      expect(steady(long)).toEqual(steady(first));
    });
  });
});

describe("profileTable over columns named like its own aliases", () => {
  test("profiles columns called v and n", async () => {
    await ws.run(
      `CREATE TABLE aliases AS SELECT * FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t("v", "n")`,
    );
    const p = await profileTable(ws.connection, "aliases");
    const v = p.columns.find((c) => c.name === "v");
    expect(v?.topValues?.[0]).toMatchObject({ value: "a", count: 2 });
    expect(p.columns.find((c) => c.name === "n")?.max).toBe(3);
  });
});
