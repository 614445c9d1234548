import { describe, expect, it } from "vitest";
import { chooseChart } from "../chart/choose-chart.js";
import type { QueryResult } from "../engine/sql-engine.js";
import { chartPart, chartShapeKey } from "./answer-parts.js";

const result = (rows: [string, number][], measure = "total"): QueryResult => ({
  columns: [
    { name: "region", type: "VARCHAR" },
    { name: measure, type: "DOUBLE" },
  ],
  rows,
  rowCount: rows.length,
  truncated: false,
  durationMs: 0,
});

describe("chartShapeKey", () => {
  it("is the same for charts that differ only in their rows, and differs when columns or types do", () => {
    const a = chooseChart(
      result([
        ["North", 1],
        ["South", 2],
      ]),
    )!;
    const b = chooseChart(
      result([
        ["East", 10],
        ["West", 20],
        ["Mid", 5],
      ]),
    )!;
    const c = chooseChart(
      result(
        [
          ["North", 1],
          ["South", 2],
        ],
        "sales",
      ),
    )!;
    expect(chartShapeKey(a.spec)).toBe(chartShapeKey(b.spec));
    expect(chartShapeKey(a.spec)).not.toBe(chartShapeKey(c.spec));
    const textual = { ...a.spec, data: { values: [{ region: "North", total: "1" }] } };
    expect(chartShapeKey(textual)).not.toBe(chartShapeKey(a.spec));
  });
});

describe("chartPart", () => {
  it("charts each result with its own rows, also when the shape was checked before", async () => {
    const first = await chartPart(
      result([
        ["North", 1],
        ["South", 2],
      ]),
    );
    const second = await chartPart(
      result([
        ["East", 10],
        ["West", 20],
      ]),
    );
    expect(JSON.stringify(first?.spec)).toContain("North");
    expect(JSON.stringify(second?.spec)).toContain("East");
    expect(JSON.stringify(second?.spec)).not.toContain("North");
  });
});
