import { describe, expect, it } from "vitest";
import { unitForSpan } from "./time-span.js";

describe("unitForSpan", () => {
  it.each([
    ["1990-01-01", "2015-12-31", "year"],
    ["2012-01-01", "2015-12-31", "month"],
    ["2024-01-01", "2024-09-30", "week"],
    ["2024-03-01", "2024-03-31", "day"],
    ["2024-03-01T00:00:00Z", "2024-03-01T18:00:00Z", "hour"],
  ])("buckets %s to %s by %s", (min, max, unit) => {
    expect(unitForSpan({ min, max })).toBe(unit);
  });

  it("falls back to calendar months without a usable range", () => {
    expect(unitForSpan({ min: undefined, max: "2024-01-01" })).toBe("month");
    expect(unitForSpan({ min: "not a date", max: "2024-01-01" })).toBe("month");
    expect(unitForSpan({ min: "2024-05-01", max: "2024-01-01" })).toBe("month");
  });
});
