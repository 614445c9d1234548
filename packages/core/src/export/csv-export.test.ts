import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../engine/sql-engine.js";
import { exportCsv } from "./csv-export.js";

const result: QueryResult = {
  columns: [
    { name: "day", type: "DATE" },
    { name: "amount", type: "DOUBLE" },
    { name: "big", type: "HUGEINT" },
    { name: "name", type: "VARCHAR" },
    { name: "ok", type: "BOOLEAN" },
    { name: "tags", type: "STRUCT(a INTEGER)" },
  ],
  rows: [
    ["2014-03-01", -3.5, "-12345678901234567891", "=SUM(A1:A2)", true, { a: 1 }],
    [null, 1226.04, "7", 'Zürich, "CH"\nline 2', false, [1, 2]],
    ["2014-03-02", 0, null, "", null, null],
    ["2014-03-03", "-Infinity", "1", "-2+3", null, null],
    ["2014-03-04", 1, "2", "@user\tx", null, null],
    ["2014-03-05", 1, "2", "+44 20 7946", null, null],
  ],
  rowCount: 6,
  truncated: false,
  durationMs: 1,
};

function parse(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv, { header: false });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("exportCsv", () => {
  it("writes a header and values as in JSON, parsing back with PapaParse", () => {
    const rows = parse(exportCsv(result));
    expect(rows[0]).toEqual(["day", "amount", "big", "name", "ok", "tags"]);
    expect(rows[1]).toEqual([
      "2014-03-01",
      "-3.5",
      "-12345678901234567891",
      "'=SUM(A1:A2)",
      "true",
      '{"a":1}',
    ]);
    expect(rows[2]).toEqual(["", "1226.04", "7", 'Zürich, "CH"\nline 2', "false", "[1,2]"]);
    expect(rows[3]).toEqual(["2014-03-02", "0", "", "", "", ""]);
    expect(rows).toHaveLength(7);
  });

  it("guards text a spreadsheet would run, but not numbers", () => {
    const rows = parse(exportCsv(result));
    // Negative numbers and numeric strings (big integers, -Infinity) are left alone.
    expect(rows[1]?.[1]).toBe("-3.5");
    expect(rows[1]?.[2]).toBe("-12345678901234567891");
    expect(rows[4]?.[1]).toBe("-Infinity");
    expect(rows[4]?.[3]).toBe("'-2+3");
    expect(rows[5]?.[3]).toBe("'@user\tx");
    expect(rows[6]?.[3]).toBe("'+44 20 7946");
    const unguarded = parse(exportCsv(result, { formulaGuard: false }));
    expect(unguarded[1]?.[3]).toBe("=SUM(A1:A2)");
  });

  it("starts with a BOM and ends lines with CRLF by default", () => {
    const csv = exportCsv(result);
    expect(csv.startsWith("\uFEFFday,amount,")).toBe(true);
    expect(csv.split("\r\n")[1]).toBe(
      '2014-03-01,-3.5,-12345678901234567891,"\'=SUM(A1:A2)",true,"{""a"":1}"',
    );
    expect(csv.endsWith("\r\n")).toBe(false);
    const plain = exportCsv(result, { bom: false, newline: "\n" });
    expect(plain.startsWith("day,")).toBe(true);
    expect(plain.split("\n")[0]).toBe("day,amount,big,name,ok,tags");
  });

  it("tells empty strings from nulls", () => {
    const line = exportCsv(result, { bom: false }).split("\r\n")[3];
    expect(line).toBe('2014-03-02,0,,"",,');
  });

  it("guards header names and writes a header for an empty result", () => {
    const csv = exportCsv(
      {
        columns: [
          { name: "=x", type: "VARCHAR" },
          { name: "b", type: "INTEGER" },
        ],
        rows: [],
        rowCount: 0,
        truncated: false,
        durationMs: 0,
      },
      { bom: false },
    );
    expect(csv).toBe('"\'=x",b');
  });
});
