import { describe, expect, it } from "vitest";
import type { Json } from "../model/common.js";
import { chartValue, classifyColumns } from "./column-roles.js";

/** The role of a single column of the given type holding the given values. */
function roleOf(type: string, values: Json[], name = "c") {
  const [column] = classifyColumns(
    [{ name, type }],
    values.map((v) => [v]),
  );
  return column!;
}

describe("classifyColumns", () => {
  it.each([
    ["BIGINT", [1, 2], "quantitative"],
    ["HUGEINT", ["170141183460469231731687303715884105727", 3], "quantitative"],
    ["DECIMAL(18,2)", [1.5, 2.25], "quantitative"],
    ["DOUBLE", [1.5, "NaN"], "quantitative"],
    ["double precision", [1.5, 2], "quantitative"],
    ["integer", [1, 2], "quantitative"],
    ["numeric(10,2)", [1.5, 2], "quantitative"],
    ["VARCHAR", ["a", "b"], "nominal"],
    ["character varying(20)", ["a", "b"], "nominal"],
    ["BOOLEAN", [true, false], "nominal"],
    ["ENUM('a', 'b')", ["a", "b"], "nominal"],
    ["DATE", ["2012-01-01", "2012-01-02"], "temporal"],
    ["TIMESTAMP", ["2012-01-01T10:00:00.000", "2012-01-01T11:00:00.000"], "temporal"],
    ["TIMESTAMP WITH TIME ZONE", ["2012-01-01T10:00:00.000Z"], "temporal"],
    ["timestamp without time zone", ["2012-01-01T10:00:00"], "temporal"],
    ["INTERVAL", ["1 day"], "none"],
    ["BLOB", ["AAEC"], "none"],
    ["INTEGER[]", [[1, 2]], "none"],
    ["TIME", ["10:00:00"], "none"],
    ["DOUBLE", [null, null], "none"],
    ["", [1, 2.5], "quantitative"],
    ["", ["x", "y"], "nominal"],
  ] as const)("%s %j is %s", (type, values, role) => {
    expect(roleOf(type, [...values] as Json[]).role).toBe(role);
  });

  it("reads integer columns named like a year, with years as values, as years", () => {
    expect(roleOf("BIGINT", [2012, 2013], "year")).toMatchObject({ role: "temporal", precision: "year" });
    expect(roleOf("INTEGER", [1999, 2000], "order_year")).toMatchObject({
      role: "temporal",
      precision: "year",
    });
    // Not years: the values are out of range, or the name says nothing about years.
    expect(roleOf("BIGINT", [1, 2], "year").role).toBe("quantitative");
    expect(roleOf("BIGINT", [2012, 2013], "sales").role).toBe("quantitative");
    expect(roleOf("DOUBLE", [2012.5, 2013], "year").role).toBe("quantitative");
  });

  it("reads text holding ISO dates or years as temporal, with its precision", () => {
    expect(roleOf("VARCHAR", ["2012", "2013"])).toMatchObject({ role: "temporal", precision: "year" });
    expect(roleOf("VARCHAR", ["2012-01", "2012-02"])).toMatchObject({ role: "temporal", precision: "month" });
    expect(roleOf("VARCHAR", ["2012-01-05", "2012-01-01"])).toMatchObject({
      role: "temporal",
      precision: "date",
    });
    expect(roleOf("VARCHAR", ["2012-01-05 10:30:00", "2012-01-05T11:00"])).toMatchObject({
      role: "temporal",
      precision: "datetime",
    });
    expect(roleOf("VARCHAR", ["2012-13-45", "2012-01-01"]).role).toBe("nominal");
    expect(roleOf("VARCHAR", ["0042", "1234"]).role).toBe("nominal");
    expect(roleOf("VARCHAR", ["2012-01-01", "soon"]).role).toBe("nominal");
  });

  it("reads truncated timestamps and dates as months or dates", () => {
    expect(roleOf("TIMESTAMP", ["2012-01-01T00:00:00.000", "2012-02-01T00:00:00.000"]).precision).toBe(
      "month",
    );
    expect(roleOf("DATE", ["2012-01-01", "2012-02-01"]).precision).toBe("month");
    expect(roleOf("TIMESTAMP", ["2012-01-05T00:00:00.000", "2012-01-06T00:00:00.000"]).precision).toBe(
      "date",
    );
  });

  it("reads integer time parts as ordered categories and integer ids as labels", () => {
    expect(roleOf("BIGINT", [1, 2, 12], "month").role).toBe("ordinal");
    expect(roleOf("INTEGER", [0, 23], "hour_of_day").role).toBe("ordinal");
    expect(roleOf("BIGINT", [1, 4], "quarter").role).toBe("ordinal");
    expect(roleOf("BIGINT", [17, 42], "customer_id").role).toBe("nominal");
    expect(roleOf("BIGINT", [17, 42], "customerId").role).toBe("nominal");
    expect(roleOf("BIGINT", [17, 42], "paid").role).toBe("quantitative");
  });

  it("orders month and weekday names by the calendar", () => {
    expect(roleOf("VARCHAR", ["March", "January", "February"]).order).toEqual([
      "January",
      "February",
      "March",
    ]);
    expect(roleOf("VARCHAR", ["Sun", "Mon", "wed"]).order).toEqual(["Mon", "wed", "Sun"]);
    expect(roleOf("VARCHAR", ["Mars", "January"]).order).toBeUndefined();
  });

  it("makes repeated names unique, since chart data is keyed by name", () => {
    const columns = classifyColumns(
      [
        { name: "n", type: "BIGINT" },
        { name: "n", type: "BIGINT" },
        { name: "", type: "VARCHAR" },
      ],
      [[1, 2, "a"]],
    );
    expect(columns.map((c) => c.name)).toEqual(["n", "n (2)", "column 3"]);
  });

  it("counts distinct values and the longest label", () => {
    expect(roleOf("VARCHAR", ["rain", "sun", "rain", null])).toMatchObject({
      distinct: 2,
      maxLabelLength: 4,
    });
  });
});

describe("chartValue", () => {
  it("embeds numbers as numbers, with non-finite values as gaps", () => {
    const column = roleOf("HUGEINT", [1]);
    expect(chartValue(column, "12345678901234567890")).toBe(12345678901234567000);
    expect(chartValue(column, "NaN")).toBeNull();
    expect(chartValue(column, null)).toBeNull();
  });

  it("embeds times as ISO text every engine parses as UTC", () => {
    const timestamp = roleOf("TIMESTAMP", ["2012-01-01T10:00:00.000"]);
    expect(chartValue(timestamp, "2012-01-01T10:00:00.000")).toBe("2012-01-01T10:00:00.000Z");
    expect(chartValue(timestamp, "2012-01-01 10:00:00")).toBe("2012-01-01T10:00:00Z");
    expect(chartValue(timestamp, "2012-01-01T10:00:00+02:00")).toBe("2012-01-01T10:00:00+02:00");
    const year = roleOf("BIGINT", [2012], "year");
    expect(chartValue(year, 2012)).toBe("2012");
    expect(Date.parse(chartValue(year, 2012) as string)).toBe(Date.UTC(2012, 0, 1));
  });
});
