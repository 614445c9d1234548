import { describe, expect, it } from "vitest";
import { numericToJson, type PgTypeInfo, parsePgArray, pgColumnKind, pgValueConverter } from "./pg-values.js";

const types: Record<number, PgTypeInfo> = {
  20: { name: "bigint", typname: "int8", category: "N", elem: 0, delim: "," },
  25: { name: "text", typname: "text", category: "S", elem: 0, delim: "," },
  1082: { name: "date", typname: "date", category: "D", elem: 0, delim: "," },
  1114: { name: "timestamp without time zone", typname: "timestamp", category: "D", elem: 0, delim: "," },
  1184: { name: "timestamp with time zone", typname: "timestamptz", category: "D", elem: 0, delim: "," },
  1016: { name: "bigint[]", typname: "_int8", category: "A", elem: 20, delim: "," },
  22: { name: "int2vector", typname: "int2vector", category: "A", elem: 21, delim: "," },
};
const convert = (oid: number, raw: unknown) => pgValueConverter(types[oid], (o) => types[o])(raw);

describe("pg-values", () => {
  it("keeps numerics exact: numbers when the number is the value, else text", () => {
    expect([numericToJson("120.500"), numericToJson("-0.001"), numericToJson("1e-7")]).toEqual([
      120.5, -0.001, 1e-7,
    ]);
    expect(numericToJson("0.10000000000000000001")).toBe("0.10000000000000000001");
    expect(numericToJson("12345678901234567890")).toBe("12345678901234567890");
    expect([numericToJson("NaN"), numericToJson("Infinity"), numericToJson("-Infinity")]).toEqual([
      "NaN",
      "Infinity",
      "-Infinity",
    ]);
  });

  it("reads timestamps in any offset as instants, and naive ones as they are", () => {
    expect(convert(1184, "2024-01-06 10:30:00+05:30")).toBe("2024-01-06T05:00:00.000Z");
    expect(convert(1184, "2024-01-06 00:10:00.5-00:53:28")).toBe("2024-01-06T01:03:28.500Z");
    expect(convert(1114, "2024-02-29 23:59:59.999999")).toBe("2024-02-29T23:59:59.999999");
    expect(convert(1114, "0001-01-01 00:00:00 BC")).toBe("0000-01-01T00:00:00.000");
    expect([convert(1114, "infinity"), convert(1082, "-infinity")]).toEqual(["infinity", "-infinity"]);
    expect([convert(1082, "1970-01-01"), convert(1082, "12000-05-01")]).toEqual([
      "1970-01-01",
      "+012000-05-01",
    ]);
  });

  it("parses arrays: nesting, quoting, NULL, bounds, and keeps unreadable text as text", () => {
    expect(convert(1016, "{{1,9007199254740993},{NULL,-4}}")).toEqual([
      [1, "9007199254740993"],
      [null, -4],
    ]);
    expect(convert(1016, "[0:1]={5,6}")).toEqual([5, 6]);
    expect(convert(1016, "{}")).toEqual([]);
    expect(parsePgArray(`{"a,b","c\\\\d","NULL",NULL, x }`, ",", (v) => v as string)).toEqual([
      "a,b",
      "c\\d",
      "NULL",
      null,
      "x",
    ]);
    expect(parsePgArray("{(0,1),(2,3);(4,5),(6,7)}", ";", (v) => v as string)).toEqual([
      "(0,1),(2,3)",
      "(4,5),(6,7)",
    ]);
    expect(convert(22, "1 2")).toBe("1 2");
  });

  it("makes values a driver already parsed JSON-safe, and leaves unknown types as text", () => {
    expect([convert(20, 12n), convert(20, 2n ** 60n), convert(25, Number.NaN), convert(25, null)]).toEqual([
      12,
      "1152921504606846976",
      "NaN",
      null,
    ]);
    expect(convert(1082, new Date(Date.UTC(2024, 0, 5)))).toBe("2024-01-05T00:00:00.000Z");
    expect(pgValueConverter(undefined, () => undefined)("(1,2)")).toBe("(1,2)");
  });

  it("gives coarse kinds", () => {
    expect(
      [
        ["int8", "N"],
        ["numeric", "N"],
        ["money", "N"],
        ["varchar", "S"],
        ["mood", "E"],
        ["timestamptz", "D"],
        ["time", "D"],
        ["_int4", "A"],
      ].map(([typname = "", category = ""]) => pgColumnKind({ typname, category })),
    ).toEqual(["integer", "number", "other", "string", "string", "timestamp", "other", "other"]);
  });
});
