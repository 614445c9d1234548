import {
  type ChartRecord,
  distinctValues,
  freshName,
  keepTopValues,
  sortByField,
  sumBy,
} from "./chart-data.js";
import {
  barChart,
  type ChartBase,
  type FieldRef,
  groupedBarChart,
  heatmapChart,
  histogramChart,
  type JsonObject,
  lineChart,
  scatterChart,
} from "./chart-specs.js";
import type { ColumnRole } from "./column-roles.js";

/**
 * The chart kinds `chooseChart` picks from, one planner each: which fields go where, and how the rows are
 * reshaped (summed over repeated keys, cut to the largest categories or series) before they are embedded.
 */

/** Most lines a chart draws before only the largest series are kept. */
const maxSeries = 10;
/** Most measures folded into one line chart. */
const maxFolded = 6;
/** A heatmap axis keeps at most this many values. */
const maxHeatmapValues = 50;

/** A chosen chart kind with the records it shows. */
export interface Plan {
  kind: (base: ChartBase) => JsonObject;
  records: ChartRecord[];
  /** The fields the chart shows; only these are embedded. */
  fields: string[];
  title: string;
  notes: string[];
}

/** A column as a chart field, titled with its name. */
export function ref(column: ColumnRole, title = column.name): FieldRef {
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

/** A row or category count as the titles print it: `10,000`. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * Time and a measure: a line. With a category, one line per value (the 10 largest); with several measures
 * and no category, one line per measure (up to 6), folded by Vega. Repeated times are summed.
 */
export function planLine(
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
  const value: FieldRef = {
    name: freshName("value", taken),
    title: sums.merged ? "Value (sum)" : "Value",
    type: "quantitative",
  };
  return {
    kind: (base) => lineChart({ ...base, x, y: value, color: series, fold: folded }),
    records: sortByField(sums.records, x.name),
    fields: [x.name, ...folded],
    title: `${folded.join(", ")} by ${x.title}`,
    notes,
  };
}

/** A category and a measure: bars, summed per category, the largest `maxCategories`, largest first. */
export function planBars(
  records: ChartRecord[],
  category: FieldRef,
  measure: FieldRef,
  maxCategories: number,
): Plan {
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

/**
 * Two categories and a measure: bars grouped side by side when both are small (12 × 6), else a heatmap with
 * up to 50 values a side.
 */
export function planTwoCategories(
  records: ChartRecord[],
  first: ColumnRole,
  second: ColumnRole,
  measure: ColumnRole,
): Plan {
  const [category, group] = first.distinct >= second.distinct ? [first, second] : [second, first];
  const y = ref(measure);
  const sums = sumBy(records, [category.name, group.name], [y.name]);
  const title = `${y.title} by ${first.name} and ${second.name}`;
  const fields = [first.name, second.name, y.name];
  const measureRef = summed(y, sums.merged);
  if (group.distinct <= 6 && category.distinct <= 12) {
    const horizontal = category.distinct * Math.max(3, category.maxLabelLength) > 60;
    return {
      kind: (base) =>
        groupedBarChart({
          ...base,
          category: ref(category),
          group: ref(group),
          measure: measureRef,
          horizontal,
        }),
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
    if (top.total > maxHeatmapValues)
      notes.push(`top ${maxHeatmapValues} of ${count(top.total)} ${axis.name} values`);
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

/**
 * Two measures: a scatter plot, colored by the first category with at most 10 values. A few rows, each with
 * its own label, read better as bars of the first measure.
 */
export function planScatter(
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

/** A lone measure: its distribution, binned by Vega. */
export function planHistogram(records: ChartRecord[], column: ColumnRole): Plan {
  const measure = ref(column);
  return {
    kind: (base) => histogramChart({ ...base, measure }),
    records,
    fields: [measure.name],
    title: `Distribution of ${measure.title}`,
    notes: [],
  };
}
