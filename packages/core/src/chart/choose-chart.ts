import type { Json } from "../model/common.js";
import type { ChartPart, ResultColumn } from "../model/message-part.js";
import {
  type ChartRecord,
  countBy,
  distinctValues,
  freshName,
  keepTopValues,
  project,
  sampleEvenly,
  sortByField,
  sumBy,
  toRecords,
} from "./chart-data.js";
import {
  barChart,
  type ChartBase,
  defaultChartSize,
  type FieldRef,
  groupedBarChart,
  heatmapChart,
  histogramChart,
  type JsonObject,
  lineChart,
  scatterChart,
} from "./chart-specs.js";
import { type ColumnRole, classifyColumns } from "./column-roles.js";

/** The part of a query result a chart is chosen from. */
export interface ChartInput {
  columns: readonly ResultColumn[];
  rows: readonly Json[][];
  /** How many rows the query produced in all; when more than `rows`, the title says the chart is partial. */
  rowCount?: number;
}

/** Options of {@link chooseChart}. */
export interface ChooseChartOptions {
  /** The chart's title; by default one is made from the column names, e.g. `count by weather`. */
  title?: string;
  /** At most this many rows are embedded; more are sampled evenly. Default 5,000. */
  maxPoints?: number;
  /** Bars beyond this many categories keep only the largest. Default 30. */
  maxCategories?: number;
  /** Plot width in pixels; default 480. */
  width?: number;
  /** Plot height in pixels; default 300 (horizontal bars take a fixed step per category instead). */
  height?: number;
}

/** Most lines a chart draws before only the largest series are kept. */
const maxSeries = 10;
/** Most measures folded into one line chart. */
const maxFolded = 6;
/** A heatmap axis keeps at most this many values. */
const maxHeatmapValues = 50;

interface Plan {
  kind: (base: ChartBase) => JsonObject;
  records: ChartRecord[];
  /** The fields the chart shows; only these are embedded. */
  fields: string[];
  title: string;
  notes: string[];
}

/**
 * A Vega-Lite chart for a query result, chosen from its shape, or `null` when a chart would not help (a
 * single value, one row, nothing to measure). Time and a measure make a line; a category and a measure make
 * bars (longest first, horizontal when labels are long or many, the top 30 when there are more); two
 * categories and a measure make grouped bars or a heatmap; two measures make a scatter plot; a lone
 * category makes bars of row counts; a lone measure a histogram.
 *
 * The data is embedded inline (`data.values`, keyed by column name), at most `maxPoints` rows. The spec
 * contains no expressions and passes {@link validateChart}.
 *
 * @example
 * ```ts
 * const part = chooseChart(result, { title: "Total precipitation by year" });
 * if (part) parts.push(part);
 * ```
 */
export function chooseChart(result: ChartInput, options: ChooseChartOptions = {}): ChartPart | null {
  if (result.rows.length < 2) return null;
  const roles = classifyColumns(result.columns, result.rows);
  const plan = planChart(roles, result.rows, options);
  if (plan === null) return null;
  const maxPoints = Math.max(1, Math.floor(options.maxPoints ?? 5_000));
  const notes = [...plan.notes];
  const total = Math.max(result.rowCount ?? 0, result.rows.length);
  if (total > result.rows.length) notes.push(`first ${count(result.rows.length)} of ${count(total)} rows`);
  let records = plan.records;
  if (records.length > maxPoints) {
    notes.push(`${count(maxPoints)} of ${count(records.length)} rows, evenly sampled`);
    records = sampleEvenly(records, maxPoints);
  }
  const title = (options.title?.trim() || plan.title) + (notes.length ? ` (${notes.join("; ")})` : "");
  const size = { width: options.width ?? defaultChartSize.width, height: options.height ?? defaultChartSize.height };
  const spec = plan.kind({ title, size, records: project(records, plan.fields) });
  return { type: "chart", spec, title };
}

function planChart(roles: ColumnRole[], rows: readonly Json[][], options: ChooseChartOptions): Plan | null {
  // Temporal before ordinal: a date axis beats an hour-of-day one when a result has both.
  const times = [
    ...roles.filter((r) => r.role === "temporal"),
    ...roles.filter((r) => r.role === "ordinal"),
  ];
  const measures = roles.filter((r) => r.role === "quantitative");
  const categories = roles.filter((r) => r.role === "nominal");
  const records = toRecords(roles, rows);
  const maxCategories = Math.max(1, Math.floor(options.maxCategories ?? 30));
  if (times[0] && measures[0]) return planLine(records, times[0], measures, categories[0]);
  if (measures[0] && measures[1]) return planScatter(records, measures[0], measures[1], categories, maxCategories);
  if (measures[0] && categories[0] && categories[1]) {
    return planTwoCategories(records, categories[0], categories[1], measures[0]);
  }
  if (measures[0] && categories[0]) return planBars(records, ref(categories[0]), ref(measures[0]), maxCategories);
  if (measures[0]) return measures[0].distinct >= 5 ? planHistogram(records, measures[0]) : null;
  const category = categories[0];
  if (category && category.distinct < rows.length) {
    const counted = freshName("Rows", [category.name]);
    const counts = countBy(records, category.name, counted);
    const plan = planBars(counts, ref(category), { name: counted, title: "Rows", type: "quantitative" }, maxCategories);
    return { ...plan, title: `Rows by ${category.name}` };
  }
  return null;
}

function ref(column: ColumnRole, title = column.name): FieldRef {
  const type = column.role === "none" ? "nominal" : column.role;
  return {
    name: column.name,
    title,
    type,
    ...(column.precision ? { precision: column.precision } : {}),
    ...(column.order ? { order: column.order } : {}),
  };
}

function summed(measure: FieldRef, merged: boolean): FieldRef {
  return merged ? { ...measure, title: `${measure.title} (sum)` } : measure;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function planLine(
  records: ChartRecord[],
  time: ColumnRole,
  measures: ColumnRole[],
  category: ColumnRole | undefined,
): Plan {
  const x = ref(time);
  const notes: string[] = [];
  if (category || measures.length === 1) {
    // One measure, split into a line per category when there is one.
    const y = ref(measures[0]!);
    const keys = category ? [x.name, category.name] : [x.name];
    const sums = sumBy(records, keys, [y.name]);
    let rows = sums.records;
    const color = category ? ref(category) : undefined;
    if (color) {
      const top = keepTopValues(rows, color.name, y.name, maxSeries);
      if (top.total > maxSeries) notes.push(`top ${maxSeries} of ${count(top.total)} ${color.name} values`);
      rows = top.records;
    }
    const yTitle = summed(y, sums.merged);
    const by = color ? `${x.title} and ${color.title}` : x.title;
    return {
      kind: (base) => lineChart({ ...base, x, y: yTitle, ...(color ? { color } : {}) }),
      records: sortByField(rows, x.name),
      fields: [x.name, ...(color ? [color.name] : []), y.name],
      title: `${y.title} by ${by}`,
      notes,
    };
  }
  // Several measures and no category: one line per measure, folded into a series field by Vega.
  const folded = measures.slice(0, maxFolded).map((m) => m.name);
  if (measures.length > maxFolded) notes.push(`first ${maxFolded} of ${measures.length} measures`);
  const sums = sumBy(records, [x.name], folded);
  const taken = records[0] ? Object.keys(records[0]) : [];
  const series: FieldRef = { name: freshName("series", taken), title: "Measure", type: "nominal" };
  const value: FieldRef = { name: freshName("value", taken), title: sums.merged ? "Value (sum)" : "Value", type: "quantitative" };
  return {
    kind: (base) => lineChart({ ...base, x, y: value, color: series, fold: folded }),
    records: sortByField(sums.records, x.name),
    fields: [x.name, ...folded],
    title: `${folded.join(", ")} by ${x.title}`,
    notes,
  };
}

function planBars(records: ChartRecord[], category: FieldRef, measure: FieldRef, maxCategories: number): Plan {
  const sums = sumBy(records, [category.name], [measure.name]);
  const top = keepTopValues(sums.records, category.name, measure.name, maxCategories);
  const notes = top.total > maxCategories ? [`top ${maxCategories} of ${count(top.total)}`] : [];
  const n = distinctValues(top.records, category.name);
  const longest = Math.max(3, ...top.records.map((r) => String(r[category.name] ?? "").length));
  // Side by side, a 480-pixel axis fits about 60 characters of labels; beyond that, bars turn horizontal.
  const horizontal = n > 12 || n * longest > 60;
  const y = summed(measure, sums.merged);
  // Largest first in the data too, so an evenly sampled or read-as-JSON chart shows the biggest bars.
  const value = (record: ChartRecord) => {
    const v = record[measure.name];
    return typeof v === "number" ? v : Number.MIN_SAFE_INTEGER;
  };
  const ordered = category.order !== undefined || category.type === "ordinal";
  return {
    kind: (base) => barChart({ ...base, category, measure: y, horizontal }),
    records: ordered ? top.records : [...top.records].sort((a, b) => value(b) - value(a)),
    fields: [category.name, measure.name],
    title: `${measure.title} by ${category.title}`,
    notes,
  };
}

function planTwoCategories(records: ChartRecord[], first: ColumnRole, second: ColumnRole, measure: ColumnRole): Plan {
  const [category, group] = first.distinct >= second.distinct ? [first, second] : [second, first];
  const y = ref(measure);
  const sums = sumBy(records, [category.name, group.name], [y.name]);
  const title = `${y.title} by ${first.name} and ${second.name}`;
  const fields = [first.name, second.name, y.name];
  const measureRef = summed(y, sums.merged);
  if (group.distinct <= 6 && category.distinct <= 12) {
    const horizontal = category.distinct * Math.max(3, category.maxLabelLength) > 60;
    return {
      kind: (base) => groupedBarChart({ ...base, category: ref(category), group: ref(group), measure: measureRef, horizontal }),
      records: sums.records,
      fields,
      title,
      notes: [],
    };
  }
  let rows = sums.records;
  const notes: string[] = [];
  for (const axis of [first, second]) {
    const top = keepTopValues(rows, axis.name, y.name, maxHeatmapValues);
    if (top.total > maxHeatmapValues) notes.push(`top ${maxHeatmapValues} of ${count(top.total)} ${axis.name} values`);
    rows = top.records;
  }
  return {
    kind: (base) => heatmapChart({ ...base, x: ref(first), y: ref(second), measure: measureRef }),
    records: rows,
    fields,
    title,
    notes,
  };
}

function planScatter(
  records: ChartRecord[],
  xColumn: ColumnRole,
  yColumn: ColumnRole,
  categories: ColumnRole[],
  maxCategories: number,
): Plan {
  const label = categories[0];
  // A few rows, one per label (`region, sales, profit`): bars of the first measure read better than points.
  if (label && label.distinct === records.length && records.length <= maxCategories) {
    return planBars(records, ref(label), ref(xColumn), maxCategories);
  }
  const x = ref(xColumn);
  const y = ref(yColumn);
  const colorColumn = categories.find((c) => c.distinct <= 10);
  const color = colorColumn ? ref(colorColumn) : undefined;
  const extra = categories.slice(0, 2).map((c) => ref(c));
  return {
    kind: (base) => scatterChart({ ...base, x, y, ...(color ? { color } : {}), extra }),
    records,
    fields: [...new Set([...extra.map((e) => e.name), ...(color ? [color.name] : []), x.name, y.name])],
    title: `${y.title} vs ${x.title}`,
    notes: [],
  };
}

function planHistogram(records: ChartRecord[], column: ColumnRole): Plan {
  const measure = ref(column);
  return {
    kind: (base) => histogramChart({ ...base, measure }),
    records,
    fields: [measure.name],
    title: `Distribution of ${measure.title}`,
    notes: [],
  };
}
