import type { Json } from "../model/common.js";
import type { ChartRecord } from "./chart-data.js";
import type { TemporalPrecision } from "./column-roles.js";
import { escapeField } from "./field-path.js";

/**
 * The Vega-Lite specs `chooseChart` builds, one function per chart kind. They use only encodings, never
 * expressions or expression-bearing transforms, so every spec passes `validateChart`'s allow-list.
 */

/** A JSON object: what a Vega-Lite spec is. */
export type JsonObject = { [key: string]: Json };

/** The Vega-Lite schema the specs are written against. */
export const vegaLiteSchema = "https://vega.github.io/schema/vega-lite/v6.json";

/** A chart's plot size in pixels, axes and legends excluded. */
export interface ChartSize {
  width: number;
  height: number;
}

/** Big enough to read in a chat bubble or an exported PNG, small enough to sit beside text. */
export const defaultChartSize: ChartSize = { width: 480, height: 300 };

/** A field as a chart encodes it: the data key, the title shown on axes and tooltips, and its type. */
export interface FieldRef {
  name: string;
  title: string;
  type: "temporal" | "ordinal" | "quantitative" | "nominal";
  precision?: TemporalPrecision;
  /** Values in their natural order (months, weekdays), which axes and legends then follow. */
  order?: string[];
}

/** Tooltip formats: charts show times in UTC, since naive timestamps are embedded as UTC (see column roles). */
const timeFormats: Record<TemporalPrecision, string> = {
  year: "%Y",
  month: "%b %Y",
  date: "%Y-%m-%d",
  datetime: "%Y-%m-%d %H:%M",
};

/** The channel definition of a field, for positions, colors and sizes. */
function encode(ref: FieldRef, extra: JsonObject = {}): JsonObject {
  const def: JsonObject = { field: escapeField(ref.name), type: ref.type, title: ref.title };
  if (ref.type === "temporal") {
    def.scale = { type: "utc" };
    // A bare year would otherwise be read as milliseconds; as a UTC year it gets year ticks.
    if (ref.precision === "year") def.timeUnit = "utcyear";
  }
  if (ref.order) def.sort = ref.order;
  return { ...def, ...extra };
}

/** A tooltip entry of a field, with times formatted in UTC to the field's precision. */
function tip(ref: FieldRef): JsonObject {
  const def: JsonObject = { field: escapeField(ref.name), type: ref.type, title: ref.title };
  if (ref.type === "temporal") {
    def.format = timeFormats[ref.precision ?? "datetime"];
    def.formatType = "utc";
  }
  return def;
}

/** Tooltip entries of the given fields, each once, in order. */
function tooltips(refs: readonly (FieldRef | undefined)[]): JsonObject[] {
  const byName = new Map<string, FieldRef>();
  for (const ref of refs) if (ref && !byName.has(ref.name)) byName.set(ref.name, ref);
  return [...byName.values()].map(tip);
}

interface SpecShell {
  title: string;
  records: readonly ChartRecord[];
  size: ChartSize;
  mark: Json;
  encoding: JsonObject;
  transform?: JsonObject[];
  /** Overrides the height, e.g. a step per category for horizontal bars. */
  height?: Json;
}

function shell(parts: SpecShell): JsonObject {
  return {
    $schema: vegaLiteSchema,
    title: parts.title,
    width: parts.size.width,
    height: parts.height ?? parts.size.height,
    data: { values: parts.records as Json[] },
    ...(parts.transform ? { transform: parts.transform } : {}),
    mark: parts.mark,
    encoding: parts.encoding,
  };
}

/** Common inputs of every chart kind. */
export interface ChartBase {
  title: string;
  records: readonly ChartRecord[];
  size: ChartSize;
}

/** A line over time (or ordered time parts), one line per `color` value; points when they are few. */
export function lineChart(
  args: ChartBase & { x: FieldRef; y: FieldRef; color?: FieldRef; fold?: string[]; extra?: FieldRef[] },
): JsonObject {
  const { x, y, color } = args;
  const points = args.records.length * (args.fold?.length ?? 1) <= 60;
  return shell({
    ...args,
    // Folding several measures into one series field needs no expression: Vega's fold only names fields.
    ...(args.fold && color
      ? { transform: [{ fold: args.fold.map(escapeField), as: [color.name, y.name] }] }
      : {}),
    mark: { type: "line", point: points },
    encoding: {
      x: encode(x),
      y: encode(y),
      ...(color ? { color: encode(color) } : {}),
      tooltip: tooltips([x, color, y, ...(args.extra ?? [])]),
    },
  });
}

/**
 * Bars of a measure per category, longest first unless the categories have their own order. Horizontal bars
 * get a fixed step per category, so long labels stay readable and the chart grows with the categories.
 */
export function barChart(
  args: ChartBase & { category: FieldRef; measure: FieldRef; horizontal: boolean; extra?: FieldRef[] },
): JsonObject {
  const { category, measure, horizontal } = args;
  const sort: Json =
    category.order ?? (category.type === "ordinal" ? "ascending" : `-${horizontal ? "x" : "y"}`);
  const across = horizontal ? "y" : "x";
  const along = horizontal ? "x" : "y";
  return shell({
    ...args,
    ...(horizontal ? { height: { step: 18 } } : {}),
    mark: "bar",
    encoding: {
      [across]: encode(category, {
        sort,
        ...(horizontal ? {} : { axis: { labelAngle: 0 } }),
      }),
      [along]: encode(measure),
      tooltip: tooltips([category, measure, ...(args.extra ?? [])]),
    },
  });
}

/** Bars per category split side by side by a second, small category. */
export function groupedBarChart(
  args: ChartBase & { category: FieldRef; group: FieldRef; measure: FieldRef; horizontal: boolean },
): JsonObject {
  const { category, group, measure, horizontal } = args;
  const across = horizontal ? "y" : "x";
  const along = horizontal ? "x" : "y";
  return shell({
    ...args,
    ...(horizontal ? { height: { step: 12 } } : {}),
    mark: "bar",
    encoding: {
      [across]: encode(category, horizontal ? {} : { axis: { labelAngle: 0 } }),
      [`${across}Offset`]: encode(group, { title: null }),
      [along]: encode(measure),
      color: encode(group),
      tooltip: tooltips([category, group, measure]),
    },
  });
}

/** A grid of two categories, colored by a measure. */
export function heatmapChart(args: ChartBase & { x: FieldRef; y: FieldRef; measure: FieldRef }): JsonObject {
  const { x, y, measure } = args;
  return shell({
    ...args,
    mark: "rect",
    encoding: {
      x: encode(x, x.type === "ordinal" ? {} : { axis: { labelAngle: -45 } }),
      y: encode(y),
      color: encode(measure),
      tooltip: tooltips([x, y, measure]),
    },
  });
}

/** One point per row of two measures, colored by a small category. */
export function scatterChart(
  args: ChartBase & { x: FieldRef; y: FieldRef; color?: FieldRef; extra?: FieldRef[] },
): JsonObject {
  const { x, y, color } = args;
  return shell({
    ...args,
    mark: { type: "point", filled: true, opacity: 0.7 },
    encoding: {
      x: encode(x, { scale: { zero: false } }),
      y: encode(y, { scale: { zero: false } }),
      ...(color ? { color: encode(color) } : {}),
      tooltip: tooltips([...(args.extra ?? []), color, x, y]),
    },
  });
}

/** The distribution of a single measure. Binning and counting are Vega's, and need no expressions. */
export function histogramChart(args: ChartBase & { measure: FieldRef }): JsonObject {
  return shell({
    ...args,
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: encode(args.measure, { bin: { maxbins: 30 } }),
      y: { aggregate: "count", type: "quantitative", title: "Rows" },
    },
  });
}
