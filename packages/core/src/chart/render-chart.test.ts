import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type Spec, View } from "vega";
import { beforeAll, describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import type { ChartPart } from "../model/message-part.js";
import { chooseChart } from "./choose-chart.js";
import { openRealData } from "./fixtures/real-results.js";
import { blockedLoader, renderChartPng, renderChartSvg, renderVegaSvg } from "./render-chart.js";
import { validateChart } from "./validate-chart.js";

const artifacts = join(process.cwd(), "test-artifacts/charts");
const dejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/** One real result per chart kind, each written to test-artifacts/charts/<name>.png for a person to look at. */
const charts: Record<string, string> = {
  "line-years": `SELECT strftime(date, '%Y') AS year, sum(precipitation) AS "Total precipitation" FROM weather GROUP BY 1 ORDER BY 1`,
  "line-series":
    "SELECT date_trunc('month', date) AS month, weather, count(*) AS days FROM weather GROUP BY ALL",
  "line-folded": "SELECT date, temp_max, temp_min FROM weather",
  bar: "SELECT weather, count(*) AS count FROM weather GROUP BY 1",
  "bar-top-30": `SELECT Director, sum("Worldwide Gross") AS "Worldwide Gross $" FROM movies WHERE Director IS NOT NULL GROUP BY 1`,
  "bar-grouped":
    "SELECT Origin, Cylinders::VARCHAR AS cylinders, avg(Horsepower) AS horsepower FROM cars GROUP BY ALL",
  heatmap:
    "SELECT dayname(date) AS weekday, monthname(date) AS month, avg(temp_max) AS temp_max FROM weather GROUP BY ALL",
  scatter: "SELECT Name, Horsepower, Miles_per_Gallon, Origin FROM cars",
  histogram: "SELECT temp_max FROM weather",
  "odd-names": `SELECT weather AS "Weather.Type [main]", count(*) AS "Cost Total $" FROM weather GROUP BY 1`,
};

const parts = new Map<string, ChartPart>();
beforeAll(async () => {
  const db = await openRealData();
  try {
    for (const [name, sql] of Object.entries(charts)) {
      const part = chooseChart(await db.query(sql));
      if (part) parts.set(name, part);
    }
  } finally {
    db.close();
  }
  mkdirSync(artifacts, { recursive: true });
});
const part = (name: string) => parts.get(name)!;

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("renderChartSvg and renderChartPng", () => {
  it.each(Object.keys(charts))("renders %s to SVG and PNG", async (name) => {
    expect(parts.has(name)).toBe(true);
    const svg = await renderChartSvg(part(name));
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("</svg>");
    const svgWidth = Number(/<svg[^>]* width="(\d+(\.\d+)?)"/.exec(svg)?.[1]);
    const svgHeight = Number(/<svg[^>]* height="(\d+(\.\d+)?)"/.exec(svg)?.[1]);
    // Plot plus axes, legend and title: at least the 480-pixel plot, at most a long horizontal bar chart.
    expect(svgWidth).toBeGreaterThan(480);
    expect(svgWidth).toBeLessThan(1000);
    expect(svgHeight).toBeGreaterThan(100);

    const png = await renderChartPng(part(name));
    expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    const size = pngSize(png);
    expect(Math.abs(size.width - svgWidth * 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(size.height - svgHeight * 2)).toBeLessThanOrEqual(1);
    expect(png.byteLength).toBeGreaterThan(10_000);
    writeFileSync(join(artifacts, `${name}.png`), png);
  });

  it("draws the values of columns with odd names", async () => {
    const svg = await renderChartSvg(part("odd-names"));
    expect(svg).toContain("Weather.Type [main]: sun; Cost Total $: 640");
    expect(svg).toContain("Weather.Type [main]: rain; Cost Total $: 641");
  });

  it("takes a spec as well as a chart part, and a scale", async () => {
    const png = await renderChartPng(part("bar").spec, { scale: 1 });
    const svg = await renderChartSvg(part("bar").spec);
    expect(pngSize(png).width).toBe(Math.round(Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1])));
    await expect(renderChartPng(part("bar"), { scale: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("shows UTC years and dates whatever the machine's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(new Date(Date.UTC(2012, 0, 1)).getFullYear()).toBe(2011);
      const svg = await renderChartSvg(part("line-years"));
      for (const year of ["2012", "2013", "2014", "2015"]) expect(svg).toContain(`>${year}</text>`);
      expect(svg).not.toContain(">2011</text>");
      expect(svg).toContain('aria-label="year: 2012; Total precipitation: ');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("refuses a hostile spec before rendering it", async () => {
    const hostile = { ...part("bar").spec, data: { url: "/etc/passwd" } };
    const error = await renderChartSvg(hostile).catch((e: unknown) => e);
    expect(QuarryError.is(error, "INVALID_INPUT")).toBe(true);
    expect((error as Error).message).toMatch(/inline/);
    const calculate = { ...part("bar").spec, transform: [{ calculate: "datum.count", as: "x" }] };
    await expect(renderChartPng(calculate)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("draws text only with a font: the system's by default, or the one given", async () => {
    const withoutFonts = await renderChartPng(part("bar"), { fonts: { loadSystemFonts: false } });
    const withDefault = await renderChartPng(part("bar"));
    expect(withDefault.byteLength).toBeGreaterThan(withoutFonts.byteLength * 1.3);
    if (existsSync(dejaVu)) {
      const withFile = await renderChartPng(part("bar"), { fonts: { files: [dejaVu] } });
      expect(withFile.byteLength).toBeGreaterThan(withoutFonts.byteLength * 1.3);
    }
  });
});

describe("rendering loads nothing", () => {
  it("has a loader that refuses files and URLs", async () => {
    await expect(blockedLoader.load("/etc/passwd")).rejects.toThrow(/disabled/);
    await expect(blockedLoader.load("https://example.com/data.json")).rejects.toThrow(/disabled/);
    await expect(blockedLoader.file("/etc/passwd")).rejects.toThrow(/disabled/);
    await expect(blockedLoader.http("https://example.com", {})).rejects.toThrow(/disabled/);
    await expect(
      blockedLoader.sanitize("https://example.com", { context: "dataflow", response: "json" }),
    ).rejects.toThrow(/disabled/);
  });

  it("fails a Vega spec that asks for a file, without reading it", async () => {
    const spec = {
      $schema: "https://vega.github.io/schema/vega/v6.json",
      width: 100,
      height: 100,
      data: [{ name: "secrets", url: "/etc/passwd", format: { type: "csv" } }],
      marks: [
        {
          type: "text",
          from: { data: "secrets" },
          encode: { enter: { text: { field: "root:x:0:0:root:/root:/bin/bash" } } },
        },
      ],
    };
    const error = await renderVegaSvg(spec).catch((e: unknown) => e);
    expect(QuarryError.is(error, "INTERNAL")).toBe(true);
    expect((error as Error).message).toMatch(/disabled/);
  });
});

describe("rendering never generates code", () => {
  /**
   * Runs `render` with `Function` (called or constructed, also reached through a function's `constructor`)
   * and `eval` replaced by traps that record the attempt and throw.
   */
  async function withCodeGenerationTrapped(render: () => Promise<unknown>) {
    const attempts: string[] = [];
    // biome-ignore lint/security/noGlobalEval: read only to put it back after the trap; never called.
    const original = { Function: globalThis.Function, eval: globalThis.eval };
    const trap = (what: string) => {
      attempts.push(what);
      throw new EvalError(`${what} is disabled in this test`);
    };
    const TrappedFunction = new Proxy(original.Function, {
      apply: (_target, _this, args: unknown[]) => trap(`Function(${args.map(String).join(", ")})`),
      construct: (_target, args: unknown[]) => trap(`new Function(${args.map(String).join(", ")})`),
    });
    globalThis.Function = TrappedFunction;
    Object.defineProperty(original.Function.prototype, "constructor", {
      value: TrappedFunction,
      configurable: true,
      writable: true,
    });
    globalThis.eval = (code: string) => trap(`eval(${code})`);
    try {
      return { result: await render(), error: undefined, attempts };
    } catch (error) {
      return { result: undefined, error, attempts };
    } finally {
      globalThis.Function = original.Function;
      globalThis.eval = original.eval;
      Object.defineProperty(original.Function.prototype, "constructor", {
        value: original.Function,
        configurable: true,
        writable: true,
      });
    }
  }

  it("catches Vega's default expression code generation (the trap works)", async () => {
    const checked = await validateChart(part("line-years").spec);
    if (!checked.ok) throw new Error(checked.reason);
    const { error, attempts } = await withCodeGenerationTrapped(async () => {
      const view = new View(parse(checked.vegaSpec as Spec), { renderer: "none" });
      try {
        return await view.toSVG();
      } finally {
        view.finalize();
      }
    });
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.join("\n")).toContain("Function(");
    expect(error).toBeInstanceOf(EvalError);
  });

  it.each(["line-years", "line-folded", "bar", "heatmap", "scatter", "histogram", "odd-names"])(
    "validates, compiles and renders %s to SVG and PNG without Function or eval",
    async (name) => {
      const { result, error, attempts } = await withCodeGenerationTrapped(async () => ({
        svg: await renderChartSvg(part(name)),
        png: await renderChartPng(part(name)),
      }));
      expect(error).toBeUndefined();
      expect(attempts).toEqual([]);
      const { svg, png } = result as { svg: string; png: Uint8Array };
      expect(svg).toContain("<path");
      expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    },
  );
});
