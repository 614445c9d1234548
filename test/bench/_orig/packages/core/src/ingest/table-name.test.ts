import { describe, expect, test } from "vitest";
import { fileStem, sanitizeTableName, tableNameFromFile, uniqueTableNames } from "./table-name.js";

describe("tableNameFromFile", () => {
  test.each([
    ["la-riots.csv", "la_riots"],
    ["2019 Sales (final).xlsx", "t_2019_sales_final"],
    ["data/Seattle Weather.CSV", "seattle_weather"],
    ["C:\\Users\\me\\Zürich Übersicht.csv", "zurich_ubersicht"],
    ["select.csv", "select_t"],
    ["Order.json", "order_t"],
    ["pg_stats.csv", "t_pg_stats"],
    ["information_schema.csv", "t_information_schema"],
    ["---.csv", "data"],
    [".hidden", "hidden"],
    ["数据.csv", "data"],
  ])("%s → %s", (file, name) => {
    expect(tableNameFromFile(file)).toBe(name);
  });

  test("a sheet is appended", () => {
    expect(tableNameFromFile("report.xlsx", "Q1 Totals")).toBe("report_q1_totals");
  });

  test("names stay within 63 characters and match the identifier pattern", () => {
    const name = tableNameFromFile(`${"Very Long Name ".repeat(10)}.csv`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(name.endsWith("_")).toBe(false);
  });
});

test("sanitizeTableName keeps a good name as it is", () => {
  expect(sanitizeTableName("sales_2019")).toBe("sales_2019");
  expect(sanitizeTableName("Sales")).toBe("sales");
});

test("fileStem drops folders and the last extension", () => {
  expect(fileStem("a/b/c.tar.gz")).toBe("c.tar");
  expect(fileStem("noext")).toBe("noext");
});

test("uniqueTableNames appends _2, _3 to repeats", () => {
  expect(uniqueTableNames(["a", "a", "b", "a"])).toEqual(["a", "a_2", "b", "a_3"]);
  const long = "x".repeat(63);
  expect(uniqueTableNames([long, long])[1]).toBe(`${"x".repeat(61)}_2`);
});
