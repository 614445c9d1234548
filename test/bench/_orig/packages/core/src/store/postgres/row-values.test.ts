import { describe, expect, it } from "vitest";
import { bool, containsPattern, isoTime, json, num } from "./row-values.js";

describe("row values from any client", () => {
  it("read timestamps as Dates or as Postgres prints them, back to the record's ISO form", () => {
    expect(isoTime(new Date("2026-01-01T00:00:01.123Z"))).toBe("2026-01-01T00:00:01.123Z");
    expect(isoTime("2026-01-01 00:00:01.123+00")).toBe("2026-01-01T00:00:01.123Z");
    expect(isoTime("2026-01-01 05:30:01.5+05:30")).toBe("2026-01-01T00:00:01.500Z");
    expect(isoTime("2025-12-31 19:00:00-05")).toBe("2026-01-01T00:00:00.000Z");
    expect(isoTime("2026-01-01T00:00:00Z")).toBe("2026-01-01T00:00:00.000Z");
    expect(() => isoTime("yesterday")).toThrow(/unreadable timestamp/);
    expect(() => isoTime(42)).toThrow(/unreadable timestamp/);
  });

  it("read numbers from strings and BigInts, booleans from t/f, JSON from text", () => {
    expect(num("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(num(12n)).toBe(12);
    expect(() => num("many")).toThrow(/unreadable number/);
    expect([bool(true), bool("t"), bool("f")]).toEqual([true, true, false]);
    expect(json('{"a":[1]}')).toEqual({ a: [1] });
    expect(json([1])).toEqual([1]);
  });

  it("make LIKE patterns that match %, _ and \\ literally", () => {
    expect(containsPattern("100%_\\x")).toBe("%100\\%\\_\\\\x%");
  });
});
