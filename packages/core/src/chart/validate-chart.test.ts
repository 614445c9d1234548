import { describe, expect, it } from "vitest";
import { validateChart } from "./validate-chart.js";

/** A small valid chart; each hostile case below changes one thing about it. */
function base(): Record<string, unknown> {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: {
      values: [
        { weather: "sun", count: 640, "a.b": 1 },
        { weather: "rain", count: 641, "a.b": 2 },
      ],
    },
    mark: "bar",
    encoding: {
      x: { field: "weather", type: "nominal" },
      y: { field: "count", type: "quantitative" },
      tooltip: [{ field: "a\\.b", type: "quantitative" }],
    },
  };
}

describe("validateChart", () => {
  it("compiles a valid spec to Vega", async () => {
    const checked = await validateChart(base());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.vegaSpec.$schema).toMatch(/vega\/v\d/);
    expect(JSON.stringify(checked.vegaSpec)).toContain('"values"');
  });

  it("leaves the caller's spec unchanged", async () => {
    const spec = base();
    const before = JSON.stringify(spec);
    await validateChart(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("accepts expression-free transforms and field predicates", async () => {
    const spec = {
      ...base(),
      transform: [
        { filter: { and: [{ field: "count", gt: 10 }, { not: { field: "weather", equal: "snow" } }] } },
        { fold: ["count", "a\\.b"], as: ["k", "v"] },
        { aggregate: [{ op: "sum", field: "v", as: "total" }], groupby: ["weather"] },
      ],
      encoding: { x: { field: "weather", type: "nominal" }, y: { field: "total", type: "quantitative" } },
    };
    expect(await validateChart(spec)).toMatchObject({ ok: true });
  });

  it("accepts a column called url in the data", async () => {
    const spec = {
      ...base(),
      data: { values: [{ url: "a", n: 1 }] },
      encoding: { x: { field: "url", type: "nominal" } },
    };
    expect(await validateChart(spec)).toMatchObject({ ok: true });
  });

  const hostile: [string, (spec: Record<string, unknown>) => unknown, RegExp][] = [
    ["url data", (s) => ({ ...s, data: { url: "https://example.com/data.json" } }), /inline/],
    ["url data beside values", (s) => ({ ...s, data: { values: [], url: "/etc/passwd" } }), /url/],
    [
      "a file url in a layer",
      (s) => ({ layer: [{ ...s, data: { url: "file:///etc/passwd" } }] }),
      /url|inline/,
    ],
    ["named data", (s) => ({ ...s, data: { name: "secrets" } }), /inline/],
    ["datasets", (s) => ({ ...s, datasets: { d: [] } }), /datasets/],
    ["generated data", (s) => ({ ...s, data: { sequence: { start: 0, stop: 1e9 } } }), /inline|sequence/],
    ["signals", (s) => ({ ...s, signals: [{ name: "x", update: "alert(1)" }] }), /signals/],
    ["params with an expression", (s) => ({ ...s, params: [{ name: "p", expr: "constructor" }] }), /params/],
    [
      "a calculate transform",
      (s) => ({ ...s, transform: [{ calculate: "datum.count * 2", as: "c" }] }),
      /calculate/,
    ],
    ["a filter expression", (s) => ({ ...s, transform: [{ filter: "datum.count > 1" }] }), /predicate/],
    ["a lookup transform", (s) => ({ ...s, transform: [{ lookup: "weather", from: {} }] }), /lookup/],
    ["a pivot transform", (s) => ({ ...s, transform: [{ pivot: "weather", value: "count" }] }), /pivot/],
    ["an expr value", (s) => ({ ...s, width: { expr: "width * 2" } }), /expr/],
    [
      "a labelExpr",
      (s) => ({
        ...s,
        encoding: { x: { field: "weather", type: "nominal", axis: { labelExpr: "datum.label" } } },
      }),
      /labelExpr/,
    ],
    [
      "a condition test",
      (s) => ({
        ...s,
        encoding: { color: { condition: { test: "datum.count > 1", value: "red" }, value: "blue" } },
      }),
      /test/,
    ],
    ["an href channel", (s) => ({ ...s, encoding: { href: { field: "weather", type: "nominal" } } }), /href/],
    [
      "an image mark",
      (s) => ({ ...s, mark: { type: "image", url: "https://example.com/x.png" } }),
      /url|image/,
    ],
    ["a geoshape mark", (s) => ({ ...s, mark: "geoshape" }), /geoshape/],
    [
      "a custom format type",
      (s) => ({ ...s, encoding: { x: { field: "weather", type: "nominal", formatType: "evil" } } }),
      /formatType/,
    ],
    [
      "an absent field",
      (s) => ({ ...s, encoding: { x: { field: "humidity", type: "quantitative" } } }),
      /humidity.*not in/,
    ],
    [
      "an unescaped dotted field",
      (s) => ({ ...s, encoding: { x: { field: "a.b", type: "quantitative" } } }),
      /nested/,
    ],
    [
      "a field that is no name",
      (s) => ({ ...s, encoding: { x: { field: { repeat: "row" }, type: "nominal" } } }),
      /repeat|name/,
    ],
    ["a Vega spec", (s) => ({ ...s, $schema: "https://vega.github.io/schema/vega/v5.json" }), /schema/],
    ["an unknown top-level key", (s) => ({ ...s, loader: {} }), /loader/],
    ["something not an object", () => "mark: bar", /object/],
    [
      "a mark Vega-Lite cannot draw",
      (s) => ({
        ...s,
        mark: { type: "bar", point: 3 },
        encoding: { x: { field: "weather", type: "banana" } },
      }),
      /Vega-Lite/,
    ],
  ];

  it.each(hostile)("refuses %s", async (_, change, reason) => {
    const checked = await validateChart(change(base()));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });

  it("refuses a spec Vega-Lite only warns about", async () => {
    const spec = {
      ...base(),
      encoding: {
        x: { field: "weather", type: "nominal" },
        size: { field: "weather", type: "quantitative", aggregate: "nonsense" },
      },
    };
    const checked = await validateChart(spec);
    expect(checked).toMatchObject({ ok: false, reason: expect.stringMatching(/Vega-Lite/) });
  });

  it("refuses oversized data and deep nesting", async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => ({ i }));
    expect(await validateChart({ ...base(), data: { values: rows } })).toMatchObject({ ok: false });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(await validateChart({ ...base(), config: deep })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deep/),
    });
  });
});
