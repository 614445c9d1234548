import { describe, expect, it } from "vitest";
import { formatStat, formatValue } from "./format-value.js";

describe("formatValue", () => {
  it("hides float noise but keeps exact values exact", () => {
    expect(formatValue(1225.9999999999989, "")).toBe("1226");
    expect(formatValue(0.1 + 0.2, "")).toBe("0.3");
    expect(formatValue(123456789012, "")).toBe("123456789012");
    expect(formatValue(3.25, "")).toBe("3.25");
    expect(formatValue(-0.000123, "")).toBe("-0.000123");
  });

  it("writes text, booleans, nulls and structures as they are", () => {
    expect(formatValue("12345678901234567890", "")).toBe("12345678901234567890");
    expect(formatValue(true, "")).toBe("true");
    expect(formatValue(null, "—")).toBe("—");
    expect(formatValue({ a: [1, 2] }, "")).toBe('{"a":[1,2]}');
  });

  it("rounds statistics to four decimals", () => {
    expect(formatStat(2.71239876)).toBe("2.7124");
    expect(formatStat(12)).toBe("12");
  });
});
