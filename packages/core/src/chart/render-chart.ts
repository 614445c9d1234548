import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { type Loader, type LoggerInterface, parse, type Spec, View } from "vega";
import { expressionInterpreter } from "vega-interpreter";
import { QuarryError } from "../errors/quarry-error.js";
import type { Json } from "../model/common.js";
import type { ChartPart } from "../model/message-part.js";
import { type VegaSpec, validateChart } from "./validate-chart.js";

/** A chart to render: a chart part, or its Vega-Lite spec. */
export type ChartSource = ChartPart | { [key: string]: Json };

/** Fonts for PNG text. Without any font, resvg draws no text at all. */
export interface ChartFontOptions {
  /** Use the fonts installed on the system (DejaVu, Liberation, … on Linux). Default: true unless `files` is given. */
  loadSystemFonts?: boolean;
  /** Font files to use, e.g. a font shipped with the host app, for the same output on every machine. */
  files?: string[];
  /** Folders of font files to use. */
  dirs?: string[];
  /** The family used for Vega's `sans-serif` text; by default resvg's choice (Arial, else a loaded font). */
  sansSerifFamily?: string;
}

/** Options of {@link renderChartPng}. */
export interface RenderChartPngOptions {
  /** Pixels per SVG unit; default 2, for sharp text on high-density screens and in documents. */
  scale?: number;
  fonts?: ChartFontOptions;
}

const refuseLoading = (what: string) => () =>
  Promise.reject(new Error(`Chart ${what} is disabled: chart data is always inline.`));

/**
 * A Vega loader that can neither read files nor fetch URLs. Specs are checked to carry inline data only;
 * this makes sure of it even if a check were ever missed.
 */
export const blockedLoader: Loader = {
  load: refuseLoading("loading"),
  sanitize: refuseLoading("loading"),
  http: refuseLoading("network access"),
  file: refuseLoading("file access"),
};

/**
 * Renders a compiled Vega spec to SVG headlessly. Expressions run through `vega-interpreter` (the parsed
 * expression tree is walked), never through `new Function` or `eval`; data loading is blocked; and errors
 * Vega would only log fail the render instead.
 */
export async function renderVegaSvg(vegaSpec: VegaSpec): Promise<string> {
  const problems: string[] = [];
  const view = new View(parse(vegaSpec as Spec, undefined, { ast: true }), {
    expr: expressionInterpreter,
    renderer: "none",
    loader: blockedLoader,
    logger: collectingLogger(problems),
  });
  try {
    const svg = await view.toSVG();
    if (problems.length > 0) throw new Error(problems.join("; "));
    return svg;
  } catch (error) {
    throw new QuarryError("INTERNAL", `The chart could not be rendered: ${messageOf(error)}`, {
      cause: error,
    });
  } finally {
    view.finalize();
  }
}

/**
 * Renders a chart to an SVG document, in Node (no DOM, no canvas). The spec is checked with
 * {@link validateChart} first; a spec it refuses fails with `INVALID_INPUT` and the reason.
 *
 * @example
 * ```ts
 * const svg = await renderChartSvg(chartPart);
 * ```
 */
export async function renderChartSvg(chart: ChartSource): Promise<string> {
  const spec = isChartPart(chart) ? chart.spec : chart;
  const checked = await validateChart(spec);
  if (!checked.ok) throw new QuarryError("INVALID_INPUT", `The chart spec was refused: ${checked.reason}`);
  return renderVegaSvg(checked.vegaSpec);
}

/**
 * Renders a chart to PNG bytes: the SVG of {@link renderChartSvg}, rasterized by resvg (native, off the
 * main thread). Text needs a font: by default the system's fonts are used; pass `fonts.files` to bring one.
 *
 * @example
 * ```ts
 * await writeFile("chart.png", await renderChartPng(chartPart, { scale: 2 }));
 * ```
 */
export async function renderChartPng(
  chart: ChartSource,
  options: RenderChartPngOptions = {},
): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 10))
    throw new QuarryError("INVALID_INPUT", "The PNG scale must be above 0 and at most 10.");
  const svg = await renderChartSvg(chart);
  const fonts = options.fonts ?? {};
  const resvgOptions: ResvgRenderOptions = {
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: fonts.loadSystemFonts ?? fonts.files === undefined,
      ...(fonts.files ? { fontFiles: fonts.files } : {}),
      ...(fonts.dirs ? { fontDirs: fonts.dirs } : {}),
      ...(fonts.sansSerifFamily ? { sansSerifFamily: fonts.sansSerifFamily } : {}),
    },
    logLevel: "off",
  };
  const image = await renderAsync(svg, resvgOptions);
  return new Uint8Array(image.asPng());
}

function isChartPart(chart: ChartSource): chart is ChartPart {
  return (
    chart.type === "chart" &&
    typeof chart.spec === "object" &&
    chart.spec !== null &&
    !Array.isArray(chart.spec)
  );
}

/** A logger that keeps Vega's errors and warnings, which Vega would otherwise only print. */
function collectingLogger(problems: string[]): LoggerInterface {
  let level = 2;
  const logger = {
    level: (value?: number) => {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: unknown[]) => {
      problems.push(args.map(messageOf).join(" "));
      return logger;
    },
    warn: (...args: unknown[]) => {
      problems.push(args.map(messageOf).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as LoggerInterface;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
