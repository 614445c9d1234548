import { describe, expect, it } from "vitest";
import { fileNameFromDisposition } from "./download-name.js";

describe("fileNameFromDisposition", () => {
  it("prefers the exact UTF-8 name, falling back to the plain one", () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="Regen_2012.xlsx"; filename*=UTF-8''Regen%20%E2%80%93%202012.xlsx`,
      ),
    ).toBe("Regen – 2012.xlsx");
    expect(fileNameFromDisposition(`attachment; filename="rain.csv"; filename*=UTF-8''%E0%A4%A`)).toBe(
      "rain.csv",
    );
    expect(fileNameFromDisposition(`inline; filename=chart.svg`)).toBe("chart.svg");
    expect(fileNameFromDisposition(`attachment; filename="a \\"quoted\\" name.csv"`)).toBe(
      'a "quoted" name.csv',
    );
  });

  it("keeps only the last path segment and gives undefined when there is no name", () => {
    expect(fileNameFromDisposition(`attachment; filename="../../etc/passwd"`)).toBe("passwd");
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''..%2F..%2Fx.csv`)).toBe("x.csv");
    expect(fileNameFromDisposition("attachment")).toBeUndefined();
    expect(fileNameFromDisposition(null)).toBeUndefined();
  });
});
