import { describe, expect, test } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { deflatedRepeat, workbookEntries, xlsxBytes, zipBytes } from "./fixtures/test-files.js";
import type { IngestFileOptions } from "./ingest-file.js";
import { ingestFile } from "./ingest-file.js";

async function ingestBook(
  bytes: Uint8Array,
  options: IngestFileOptions = {},
  fileName = "2019 Sales (final).xlsx",
) {
  const { tables, dispose } = await ingestFile({ bytes, fileName }, options);
  await dispose();
  return tables;
}

async function failure(promise: Promise<unknown>): Promise<QuarryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(QuarryError.is(error)).toBe(true);
  return error as QuarryError;
}

const day = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

describe("Excel ingest", () => {
  test("typed cells: integers, decimals, booleans, dates, date-times, text; mixed columns become text", async () => {
    const bytes = xlsxBytes({
      Data: [
        ["Region", "Units", "Price", "Paid", "Day", "At", "Code"],
        ["North", 3, 9.5, true, day(2020, 1, 15), day(2020, 1, 15, 13, 30), 7],
        ["South", 4, 10, false, day(2020, 2, 1), day(2020, 2, 1, 8, 0), "A7"],
        ["East", null, 2.25, true, day(2021, 12, 31), null, "B1"],
      ],
    });
    const [t] = await ingestBook(bytes);
    expect(t).toMatchObject({
      tableName: "t_2019_sales_final",
      name: "2019 Sales (final)",
      format: "xlsx",
      rowCount: 3,
      sheet: "Data",
    });
    expect(t!.columns.map((c) => [c.name, c.type])).toEqual([
      ["Region", "VARCHAR"],
      ["Units", "BIGINT"],
      ["Price", "DOUBLE"],
      ["Paid", "BOOLEAN"],
      ["Day", "DATE"],
      ["At", "TIMESTAMP"],
      ["Code", "VARCHAR"],
    ]);
    expect(t!.preview.rows[0]).toEqual(["North", 3, 9.5, true, "2020-01-15", "2020-01-15T13:30:00.000", "7"]);
    expect(t!.preview.rows[2]).toEqual(["East", null, 2.25, true, "2021-12-31", null, "B1"]);
  });

  test("empty and merged header cells get names; duplicates are made unique; empty rows are dropped", async () => {
    const bytes = xlsxBytes(
      {
        Sheet1: [["Name", "Q1", "", "", "Name"], ["a", 1, 2, 3, "x"], [], ["b", 4, 5, 6, "y"]],
      },
      (_, sheet) => {
        sheet["!merges"] = [{ s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
      },
    );
    const [t] = await ingestBook(bytes);
    expect(t!.columns.map((c) => c.name)).toEqual(["Name", "Q1", "Q1_2", "column_4", "Name_2"]);
    expect(t!.rowCount).toBe(2);
  });

  test("a sheet whose first row holds numbers has no header", async () => {
    const [t] = await ingestBook(
      xlsxBytes({
        Numbers: [
          [1, 2],
          [3, 4],
        ],
      }),
    );
    expect(t!.columns.map((c) => c.name)).toEqual(["column_1", "column_2"]);
    expect(t!.rowCount).toBe(2);
  });

  test("each non-empty sheet is a table; a chosen sheet gives one", async () => {
    const bytes = xlsxBytes({ "Q1 Sales": [["x"], [1]], Empty: [], q1_sales: [["y"], [2], [3]] });
    const tables = await ingestBook(bytes, {}, "book.xlsx");
    expect(tables.map((t) => [t.tableName, t.name, t.sheet, t.rowCount])).toEqual([
      ["book_q1_sales", "book / Q1 Sales", "Q1 Sales", 1],
      ["book_q1_sales_2", "book / q1_sales", "q1_sales", 2],
    ]);
    const chosen = await ingestBook(bytes, { sheet: "q1_sales" }, "book.xlsx");
    expect(chosen.map((t) => [t.tableName, t.rowCount])).toEqual([["book", 2]]);
    const byIndex = await ingestBook(bytes, { sheet: 0 }, "book.xlsx");
    expect(byIndex.map((t) => t.sheet)).toEqual(["Q1 Sales"]);
  });

  test("an unknown sheet is INVALID_INPUT naming the sheets; an empty chosen sheet INVALID_FILE", async () => {
    const bytes = xlsxBytes({ A: [["x"], [1]], B: [] });
    const unknown = await failure(ingestBook(bytes, { sheet: "Nope" }));
    expect(unknown.code).toBe("INVALID_INPUT");
    expect(unknown.message).toContain('"A", "B"');
    expect((await failure(ingestBook(bytes, { sheet: "B" }))).code).toBe("INVALID_FILE");
    expect((await failure(ingestBook(xlsxBytes({ A: [], B: [] })))).message).toMatch(/no data/);
  });

  test("a corrupt workbook is INVALID_FILE", async () => {
    const good = xlsxBytes({ A: [["x"], [1]] });
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    expect((await failure(ingestBook(truncated))).code).toBe("INVALID_FILE");
    // Entry data overwritten, zip directory intact: every sheet fails to inflate.
    const garbled = good.slice();
    for (let i = 40; i < good.length - 1_000; i++) garbled[i] = (i * 7919) % 251;
    expect((await failure(ingestBook(garbled))).code).toBe("INVALID_FILE");
  });

  test("a zip that is not a workbook is INVALID_FILE", async () => {
    const zip = zipBytes([{ name: "readme.txt", data: new TextEncoder().encode("hello") }]);
    expect((await failure(ingestBook(zip))).message).toMatch(/not an Excel workbook/);
  });

  test("a zip bomb (a sheet that inflates past 200 MB) is refused before parsing", async () => {
    const row = new TextEncoder().encode(
      `<row>${"<c><v>1</v></c>".repeat(60)}</row>`.padEnd(1024 * 1024, " "),
    );
    const bomb = await deflatedRepeat(row, 210);
    expect(bomb.bytes.byteLength).toBeLessThan(1024 * 1024);
    const zip = zipBytes(workbookEntries({ name: "xl/worksheets/sheet1.xml", compressed: bomb }));
    const error = await failure(ingestBook(zip));
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toMatch(/200 MB|cells/);
  });

  test("a bomb that lies about its size is caught while inflating", async () => {
    const bomb = await deflatedRepeat(new Uint8Array(1024 * 1024).fill(0x20), 30);
    const zip = zipBytes(
      workbookEntries({ name: "xl/worksheets/sheet1.xml", compressed: bomb, claimedSize: 1000 }),
    );
    const error = await failure(
      ingestBook(zip, { workbookLimits: { maxUncompressedBytes: 20 * 1024 * 1024 } }),
    );
    expect(error.message).toMatch(/20 MB/);
  });

  test("too many cells is INVALID_FILE", async () => {
    const rows = Array.from({ length: 200 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * c));
    const error = await failure(ingestBook(xlsxBytes({ A: rows }), { workbookLimits: { maxCells: 1_000 } }));
    expect(error.message).toMatch(/1000 cells/);
  });
});
