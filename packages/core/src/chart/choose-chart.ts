import type { Json } from "../model/common.js";
import type { ChartPart, ResultColumn } from "../model/message-part.js";
import { countBy, freshName, project, sampleEvenly, toRecords } from "./chart-data.js";
import {
  count,
  type Plan,
  planBars,
  planHistogram,
  planLine,
  planScatter,
  planTwoCategories,
  ref,
} from "./chart-plans.js";
import { defaultChartSize } from "./chart-specs.js";
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
  const size = {
    width: options.width ?? defaultChartSize.width,
    height: options.height ?? defaultChartSize.height,
  };
  const spec = plan.kind({ title, size, records: project(records, plan.fields) });
  return { type: "chart", spec, title };
}

function planChart(roles: ColumnRole[], rows: readonly Json[][], options: ChooseChartOptions): Plan | null {
  // Temporal before ordinal: a date axis beats an hour-of-day one when a result has both.
  const times = [...roles.filter((r) => r.role === "temporal"), ...roles.filter((r) => r.role === "ordinal")];
  const measures = roles.filter((r) => r.role === "quantitative");
  const categories = roles.filter((r) => r.role === "nominal");
  const records = toRecords(roles, rows);
  const maxCategories = Math.max(1, Math.floor(options.maxCategories ?? 30));
  if (times[0] && measures[0]) return planLine(records, times[0], measures, categories[0]);
  if (measures[0] && measures[1])
    return planScatter(records, measures[0], measures[1], categories, maxCategories);
  if (measures[0] && categories[0] && categories[1]) {
    return planTwoCategories(records, categories[0], categories[1], measures[0]);
  }
  if (measures[0] && categories[0])
    return planBars(records, ref(categories[0]), ref(measures[0]), maxCategories);
  if (measures[0]) return measures[0].distinct >= 5 ? planHistogram(records, measures[0]) : null;
  const category = categories[0];
  if (category && category.distinct < rows.length) {
    const counted = freshName("Rows", [category.name]);
    const counts = countBy(records, category.name, counted);
    const plan = planBars(
      counts,
      ref(category),
      { name: counted, title: "Rows", type: "quantitative" },
      maxCategories,
    );
    return { ...plan, title: `Rows by ${category.name}` };
  }
  return null;
}
