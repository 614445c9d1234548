import { describe, expect, it } from "vitest";
import { datePartSql, detectDateFormat, parseTextDateSql } from "./text-dates.js";

describe("detectDateFormat", () => {
  it("reads common layouts from sample values", () => {
    expect(detectDateFormat(["Jan 1 2000", "Feb 12 2000"])?.duckdb).toBe("%b %d %Y");
    expect(detectDateFormat(["2000-01-01", "2000-01-02"])?.duckdb).toBe("iso");
    expect(detectDateFormat(["2001/01/01 00:47"])).toMatchObject({ duckdb: "%Y/%m/%d %H:%M", hasTime: true });
    expect(detectDateFormat(["01/31/2000", "02/01/2000"])?.duckdb).toBe("%m/%d/%Y");
    expect(detectDateFormat(["05-Mar-2021"])).toMatchObject({ duckdb: "%d-%b-%Y", postgres: "DD-Mon-YYYY" });
    expect(detectDateFormat(["January 5, 2000", "May 1, 2001"])).toMatchObject({
      duckdb: "%B %d, %Y",
      postgres: "FMMonth DD, YYYY",
    });
  });

  it("tells day-first from month-first when a day exceeds 12", () => {
    expect(detectDateFormat(["31/01/2000", "01/02/2000"])).toMatchObject({
      duckdb: "%d/%m/%Y",
      postgres: "DD/MM/YYYY",
    });
  });

  it("refuses values that are not all dates of one layout", () => {
    expect(detectDateFormat(["ORD-1", "ORD-2"])).toBeUndefined();
    expect(detectDateFormat(["Jan 1 2000", "2000-01-01"])).toBeUndefined();
    expect(detectDateFormat(["Apt 1 2000"])).toBeUndefined();
    expect(detectDateFormat([])).toBeUndefined();
  });
});

describe("date SQL", () => {
  it("parses text dates in each dialect", () => {
    const format = detectDateFormat(["Jan 1 2000"]);
    if (!format) throw new Error("no format");
    expect(parseTextDateSql('"date"', format, "duckdb")).toBe(`try_strptime("date", '%b %d %Y')`);
    expect(parseTextDateSql('"date"', format, "postgres")).toBe(`to_date("date", 'Mon DD YYYY')`);
  });

  it("extracts date parts in each dialect", () => {
    expect(datePartSql("year", "d", "duckdb")).toBe("year(d)");
    expect(datePartSql("month", "d", "postgres")).toBe("CAST(EXTRACT(MONTH FROM d) AS INTEGER)");
  });
});
