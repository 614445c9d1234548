import type { CellObject, WorkSheet } from "@e965/xlsx";
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/sql-engine.js";
import { columnClass, exactNumber, excelSerial } from "./excel-cells.js";
import { excelLimits, exportXlsx } from "./excel-export.js";

const result: QueryResult = {
  columns: [
    { name: "day", type: "DATE" },
    { name: "at", type: "TIMESTAMP WITH TIME ZONE" },
    { name: "amount", type: "DECIMAL(10,2)" },
    { name: "big", type: "BIGINT" },
    { name: "name", type: "VARCHAR" },
    { name: "ok", type: "BOOLEAN" },
    { name: "tags", type: "VARCHAR[]" },
  ],
  rows: [
    [
      "2014-03-01",
      "2014-03-01T12:30:00.000Z",
      1226.04,
      "12345678901234567891",
      '=HYPERLINK("x")',
      true,
      ["a"],
    ],
    [null, null, -3.5, "9007199254740993", "+1", false, null],
    ["1899-12-31", "2014-03-01T00:00:00", 7, "18014398509481984", "-2+3", null, { k: 1 }],
  ],
  rowCount: 3,
  truncated: false,
  durationMs: 5,
};

function read(bytes: Uint8Array, cellDates = false) {
  // cellStyles reads column widths back.
  return XLSX.read(bytes, {
    type: "array",
    cellDates,
    cellNF: true,
    cellFormula: true,
    cellStyles: true,
    dense: true,
  });
}

function queryFields(book: XLSX.WorkBook): Record<string, unknown> {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Query as WorkSheet, { header: 1, raw: true });
  return Object.fromEntries(rows.map(([k, v]) => [k, v]));
}

function cell(sheet: WorkSheet | undefined, r: number, c: number): CellObject | undefined {
  return (sheet?.["!data"] as CellObject[][] | undefined)?.[r]?.[c] ?? undefined;
}

describe("exportXlsx", () => {
  it("writes a Result sheet with a header and typed cells", () => {
    const book = read(exportXlsx({ result }));
    expect(book.SheetNames).toEqual(["Result", "Query"]);
    const sheet = book.Sheets.Result;
    expect(cell(sheet, 0, 0)).toMatchObject({ t: "s", v: "day" });
    // A date: an Excel serial with a date format (2014-03-01 is day 41699).
    expect(cell(sheet, 1, 0)).toMatchObject({ t: "n", v: 41699, z: "yyyy-mm-dd" });
    expect(cell(sheet, 1, 1)).toMatchObject({ t: "n", v: 41699 + 12.5 / 24, z: "yyyy-mm-dd hh:mm:ss" });
    // A naive timestamp at midnight keeps its time format.
    expect(cell(sheet, 3, 1)).toMatchObject({ t: "n", v: 41699, z: "yyyy-mm-dd hh:mm:ss" });
    // Numbers, decimals and negative numbers.
    expect(cell(sheet, 1, 2)).toMatchObject({ t: "n", v: 1226.04 });
    expect(cell(sheet, 2, 2)).toMatchObject({ t: "n", v: -3.5 });
    // Big integers: text when a double would change them, a number when exact (2^54).
    expect(cell(sheet, 1, 3)).toMatchObject({ t: "s", v: "12345678901234567891" });
    expect(cell(sheet, 2, 3)).toMatchObject({ t: "s", v: "9007199254740993" });
    expect(cell(sheet, 3, 3)).toMatchObject({ t: "n", v: 18014398509481984 });
    // Formula-looking text stays text: no formula is written.
    for (const r of [1, 2, 3]) {
      expect(cell(sheet, r, 4)?.t).toBe("s");
      expect(cell(sheet, r, 4)?.f).toBeUndefined();
    }
    expect(cell(sheet, 1, 4)?.v).toBe('=HYPERLINK("x")');
    // Booleans, nulls, lists and structs.
    expect(cell(sheet, 1, 5)).toMatchObject({ t: "b", v: true });
    expect(cell(sheet, 2, 5)).toMatchObject({ t: "b", v: false });
    expect(cell(sheet, 2, 0)).toBeUndefined();
    expect(cell(sheet, 3, 5)).toBeUndefined();
    expect(cell(sheet, 1, 6)).toMatchObject({ t: "s", v: '["a"]' });
    expect(cell(sheet, 3, 6)).toMatchObject({ t: "s", v: '{"k":1}' });
    // A date Excel cannot show stays ISO text.
    expect(cell(sheet, 3, 0)).toMatchObject({ t: "s", v: "1899-12-31" });
    expect(sheet?.["!ref"]).toBe("A1:G4");
    expect(sheet?.["!autofilter"]).toEqual({ ref: "A1:G4" });
  });

  it("reads back as real dates", () => {
    const sheet = read(exportXlsx({ result }), true).Sheets.Result;
    expect(cell(sheet, 1, 0)?.t).toBe("d");
    expect((cell(sheet, 1, 1)?.v as Date | undefined)?.toISOString()).toBe("2014-03-01T12:30:00.000Z");
  });

  it("sizes columns from their content", () => {
    const sheet = read(exportXlsx({ result })).Sheets.Result;
    const widths = (sheet?.["!cols"] ?? []).map((col) => col.wch ?? col.width);
    expect(widths).toHaveLength(7);
    // "12345678901234567891" is 20 characters; a date 10; "ok" at least the minimum.
    expect(widths[3]).toBeGreaterThanOrEqual(20);
    expect(widths[0]).toBeGreaterThanOrEqual(10);
    expect(widths[5]).toBeGreaterThanOrEqual(6);
  });

  it("writes a Query sheet", () => {
    const bytes = exportXlsx({
      result: { ...result, rowCount: 250, truncated: true },
      question: "=1+1 what were sales?",
      sql: "SELECT 1",
      datasets: ["sales", "stores"],
      executedAt: new Date("2024-05-06T07:08:09Z"),
      sheetName: "Sales: 2024/Q1 [draft]",
    });
    const book = read(bytes);
    expect(book.SheetNames).toEqual(["Sales  2024 Q1  draft", "Query"]);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Query as WorkSheet, {
      header: 1,
      raw: true,
    });
    expect(Object.fromEntries(rows.map(([k, v]) => [k, v]))).toMatchObject({
      Question: "=1+1 what were sales?",
      SQL: "SELECT 1",
      Datasets: "sales, stores",
      Rows: 250,
      "Rows in this file": 3,
      Truncated: "yes",
      Note: "The query returned the first 3 of 250 rows (its row limit).",
    });
    const at = cell(book.Sheets.Query, 3, 1);
    expect(at).toMatchObject({ t: "n", z: "yyyy-mm-dd hh:mm:ss" });
    expect(at?.v).toBeCloseTo(excelSerial("2024-05-06T07:08:09Z") ?? 0, 8);
    expect(cell(book.Sheets.Query, 0, 1)?.t).toBe("s");
  });

  it("says no when nothing was left out, and leaves unknown fields empty", () => {
    const book = read(exportXlsx({ result }));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Query as WorkSheet, {
      header: 1,
      raw: true,
    });
    const map = Object.fromEntries(rows.map(([k, v]) => [k, v]));
    expect(map).toMatchObject({ Rows: 3, Truncated: "no" });
    expect(map.Question).toBeUndefined();
    expect(map.Note).toBeUndefined();
  });

  it("cuts the Result sheet at a lower row limit and says so", () => {
    const book = read(exportXlsx({ result: { ...result, rowCount: 10, truncated: true }, maxRows: 2 }));
    expect(book.Sheets.Result?.["!ref"]).toBe("A1:G3");
    expect(queryFields(book)).toMatchObject({
      Rows: 10,
      "Rows in this file": 2,
      Truncated: "yes",
      Note: "The Result sheet holds the first 2 of 10 rows: the export's row limit.",
    });
  });

  it("cuts the Result sheet at Excel's row limit", () => {
    const rows = Array.from({ length: excelLimits.dataRows + 2 }, (_, i) => [i]);
    const big: QueryResult = {
      columns: [{ name: "n", type: "INTEGER" }],
      rows,
      rowCount: rows.length,
      truncated: false,
      durationMs: 1,
    };
    // Parsing only the Query sheet back keeps this test to the time SheetJS takes to write a full sheet.
    const book = XLSX.read(exportXlsx({ result: big, maxRows: 2_000_000 }), {
      type: "array",
      sheets: "Query",
    });
    expect(queryFields(book)).toMatchObject({
      Rows: excelLimits.dataRows + 2,
      "Rows in this file": excelLimits.dataRows,
      Truncated: "yes",
      Note: "The Result sheet holds the first 1,048,575 of 1,048,577 rows: Excel allows 1,048,575 data rows per sheet.",
    });
  }, 120_000);

  it("handles an empty result and text past Excel's cell limit", () => {
    const empty = read(
      exportXlsx({ result: { columns: [], rows: [], rowCount: 0, truncated: false, durationMs: 0 } }),
    );
    expect(empty.SheetNames).toEqual(["Result", "Query"]);
    const long = "x".repeat(40_000);
    const book = read(
      exportXlsx({
        result: {
          columns: [{ name: "t", type: "VARCHAR" }],
          rows: [[long], ["a\u0001b"]],
          rowCount: 2,
          truncated: false,
          durationMs: 0,
        },
        sheetName: "query",
      }),
    );
    expect(book.SheetNames).toEqual(["query", "Query details"]);
    expect(String(cell(book.Sheets.query, 1, 0)?.v)).toHaveLength(32_767);
    expect(cell(book.Sheets.query, 2, 0)?.v).toBe("a\u0001b");
  });
});

describe("cell typing", () => {
  it("classifies engine type names", () => {
    expect(
      ["BIGINT", "DOUBLE", "DECIMAL(10,2)", "int8", "numeric", "float8", "HUGEINT"].map(columnClass),
    ).toEqual(Array(7).fill("number"));
    expect(["DATE", "date"].map(columnClass)).toEqual(["date", "date"]);
    expect(["TIMESTAMP", "timestamptz", "TIMESTAMP WITH TIME ZONE"].map(columnClass)).toEqual(
      Array(3).fill("timestamp"),
    );
    expect(["VARCHAR", "text", "INTERVAL", "INTEGER[]", "STRUCT(a INTEGER)"].map(columnClass)).toEqual(
      Array(5).fill("text"),
    );
  });

  it("keeps numeric strings only when exact", () => {
    expect(exactNumber("123")).toBe(123);
    expect(exactNumber("-9007199254740993")).toBeUndefined();
    expect(exactNumber("12345.678901234")).toBe(12345.678901234);
    expect(exactNumber("0.1234567890123456789")).toBeUndefined();
    expect(exactNumber("NaN")).toBeUndefined();
  });

  it("converts ISO values with offsets to UTC serials", () => {
    expect(excelSerial("1900-03-01")).toBe(61);
    expect(excelSerial("2014-03-01T02:00:00+02:00")).toBe(41699);
    expect(excelSerial("not a date")).toBeUndefined();
  });
});
