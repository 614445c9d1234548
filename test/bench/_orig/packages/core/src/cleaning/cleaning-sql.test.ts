import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { type DuckDbWorkspace, openWorkspace } from "../ingest/duckdb-workspace.js";
import type { CleaningOperation } from "../model/cleaning.js";
import { type CleaningColumn, cleaningSql } from "./cleaning-sql.js";

let dir: string;
let ws: DuckDbWorkspace;

const columns: CleaningColumn[] = [
  { name: "id", type: "INTEGER" },
  { name: "Amount $", type: "DOUBLE" },
  { name: "City", type: "VARCHAR" },
  { name: "Count", type: "VARCHAR" },
  { name: "When", type: "VARCHAR" },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-cleaning-"));
  ws = await openWorkspace({ workDir: dir });
  await ws.run(`CREATE TABLE "my table" AS SELECT * FROM (VALUES
    (1, 10.0, ' paris ', '12', '2020-01-05'),
    (2, NULL, 'LYON', 'n/a', '03/15/2020'),
    (3, 12.0, 'new york', ' 14 ', 'soon'),
    (3, 12.0, 'new york', ' 14 ', 'soon'),
    (4, 1000.0, NULL, '1e3', '2020-01-08 10:30:00'),
    (5, 11.0, 'lyon', '15', NULL)
  ) AS v("id", "Amount $", "City", "Count", "When")`);
});

afterAll(async () => {
  ws.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the generated SQL and returns the rows. */
async function run(operations: CleaningOperation[]) {
  return (await ws.all(cleaningSql("my table", columns, operations))).rows;
}

const column = (rows: unknown[][], index: number) => rows.map((row) => row[index]);

describe("cleaningSql", () => {
  test("one CTE per operation, identifiers quoted, the row order kept", () => {
    const sql = cleaningSql("my table", columns, [{ op: "trim", column: "City" }, { op: "drop-duplicates" }]);
    expect(sql).toContain(`FROM "my table"`);
    expect(sql).toContain(`"Amount $"`);
    expect(sql).toMatch(/^WITH s0 AS .*\ns1 AS .*\ns2 AS /s);
    expect(sql).toMatch(/ORDER BY "__quarry_row"$/);
  });

  test("trim, normalize case (lower, upper, title)", async () => {
    expect(column(await run([{ op: "trim", column: "City" }]), 2)).toEqual([
      "paris",
      "LYON",
      "new york",
      "new york",
      null,
      "lyon",
    ]);
    expect(column(await run([{ op: "normalize-case", column: "City", case: "upper" }]), 2)[1]).toBe("LYON");
    expect(column(await run([{ op: "normalize-case", column: "City", case: "lower" }]), 2)[1]).toBe("lyon");
    expect(column(await run([{ op: "normalize-case", column: "City", case: "title" }]), 2)[2]).toBe(
      "New York",
    );
  });

  test("drop duplicates keeps the first of each and the order", async () => {
    expect(column(await run([{ op: "drop-duplicates" }]), 0)).toEqual([1, 2, 3, 4, 5]);
  });

  test("fill nulls: mean, median, mode, zero, a value; drop nulls", async () => {
    expect(column(await run([{ op: "fill-nulls", column: "Amount $", strategy: "median" }]), 1)[1]).toBe(12);
    expect(column(await run([{ op: "fill-nulls", column: "Amount $", strategy: "mean" }]), 1)[1]).toBe(209);
    expect(column(await run([{ op: "fill-nulls", column: "Amount $", strategy: "zero" }]), 1)[1]).toBe(0);
    expect(column(await run([{ op: "fill-nulls", column: "City", strategy: "mode" }]), 2)[4]).toBe(
      "new york",
    );
    expect(
      column(await run([{ op: "fill-nulls", column: "City", strategy: "value", value: "Unknown" }]), 2)[4],
    ).toBe("Unknown");
    expect(column(await run([{ op: "drop-nulls", column: "City" }]), 0)).toEqual([1, 2, 3, 3, 5]);
  });

  test("cap outliers at the Tukey fences, keeping nulls and the column type", async () => {
    const capped = column(await run([{ op: "cap-outliers", column: "Amount $", factor: 1.5 }]), 1);
    expect(capped[1]).toBeNull();
    // Values 10, 11, 12, 12, 1000: quartiles 11 and 12, so the upper fence is 12 + 1.5 × 1.
    expect(capped[4]).toBe(13.5);
    expect(capped[0]).toBe(10);
  });

  test("cast text the way the profiler counted it; values that do not convert become null", async () => {
    const counts = column(await run([{ op: "cast", column: "Count", to: "integer" }]), 3);
    expect(counts).toEqual([12, null, 14, 14, 1000, 15]);
    const whens = column(await run([{ op: "cast", column: "When", to: "date" }]), 4);
    expect(whens).toEqual(["2020-01-05", "2020-03-15", null, null, "2020-01-08", null]);
    const stamps = column(await run([{ op: "cast", column: "When", to: "timestamp" }]), 4);
    expect(stamps[4]).toBe("2020-01-08T10:30:00.000");
    expect(column(await run([{ op: "cast", column: "id", to: "text" }]), 0)[0]).toBe("1");
  });

  test("operations chain: a cast changes what later operations accept", async () => {
    const rows = await run([
      { op: "cast", column: "Count", to: "double" },
      { op: "fill-nulls", column: "Count", strategy: "median" },
      { op: "drop-duplicates" },
    ]);
    expect(column(rows, 3)).toEqual([12, 14, 14, 1000, 15]);
  });

  test.each<[string, CleaningOperation[], RegExp]>([
    ["an unknown column", [{ op: "trim", column: "Nope" }], /does not have: "Nope"/],
    ["a case-insensitive near miss", [{ op: "trim", column: "city" }], /does not have/],
    ["trim on a number", [{ op: "trim", column: "id" }], /needs a text column/],
    ["median of text", [{ op: "fill-nulls", column: "City", strategy: "median" }], /numeric or date/],
    [
      "a value that is not scalar",
      [{ op: "fill-nulls", column: "City", strategy: "value", value: [1] }],
      /text, number or boolean/,
    ],
    ["a value missing", [{ op: "fill-nulls", column: "City", strategy: "value" }], /text, number or boolean/],
    [
      "an unknown op",
      [{ op: "delete-everything" } as unknown as CleaningOperation],
      /Invalid cleaning operations/,
    ],
    ["no operations", [], /Invalid cleaning operations/],
  ])("refuses %s with INVALID_INPUT", (_, operations, reason) => {
    let error: unknown;
    try {
      cleaningSql("my table", columns, operations);
    } catch (e) {
      error = e;
    }
    expect(QuarryError.is(error, "INVALID_INPUT")).toBe(true);
    expect((error as Error).message).toMatch(reason);
  });

  test("values and names that try to break out of the SQL stay data", async () => {
    const hostile = `x'); DROP TABLE "my table"; --`;
    const rows = await run([{ op: "fill-nulls", column: "City", strategy: "value", value: hostile }]);
    expect(column(rows, 2)[4]).toBe(hostile);
    expect((await ws.all(`SELECT count(*) FROM "my table"`)).rows[0]?.[0]).toBe(6);
    expect(() =>
      cleaningSql('t"; DROP', [{ name: 'a"b', type: "VARCHAR" }], [{ op: "trim", column: 'a"b' }]),
    ).not.toThrow();
    expect(() =>
      cleaningSql("t", [{ name: "a", type: "VARCHAR); DROP TABLE x; --" }], [{ op: "drop-duplicates" }]),
    ).toThrow(/unsupported type/);
  });
});
