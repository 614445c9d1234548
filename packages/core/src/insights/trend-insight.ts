import type { ColumnProfile } from "../model/dataset.js";
import type { InsightCard } from "./insight-card.js";
import { aggregateOf, timeGrain } from "./insight-columns.js";
import {
  card,
  cell,
  col,
  type InsightContext,
  num,
  numeric,
  percentChange,
  runQuery,
} from "./insight-context.js";

/** A measure's series over calendar periods, as the trend and movers analyses read it. */
export interface PeriodSeries {
  grain: "year" | "month" | "day";
  /** Each period's first day, ISO `YYYY-MM-DD`, in order, the last one left out when it is incomplete. */
  starts: string[];
  values: number[];
}

/** The SQL expression of a time column's period: the year as a number, else the period's first day. */
export function periodSql(time: ColumnProfile, grain: PeriodSeries["grain"]): string {
  return grain === "year"
    ? `CAST(EXTRACT(year FROM ${col(time.name)}) AS INTEGER)`
    : `CAST(date_trunc('${grain}', ${col(time.name)}) AS DATE)`;
}

/**
 * The trend of each measure (or of the row count when there is none) over the time column, in years,
 * months or days by the column's span: how much it rose or fell from the first period to the last, how
 * steadily (the R² of a straight line through the series), and its peak.
 */
export async function trendInsights(context: InsightContext): Promise<InsightCard[]> {
  const time = context.columns.times[0];
  if (!time) return [];
  const grain = timeGrain(time);
  const measures = context.columns.measures.length > 0 ? context.columns.measures : [null];
  const cards: InsightCard[] = [];
  for (const measure of measures) {
    const valueName = measure
      ? `${aggregateOf(measure) === "AVG" ? "average" : "total"}_${measure.name}`
      : "rows";
    const value = measure ? `${aggregateOf(measure)}(${col(measure.name)})` : "COUNT(*)";
    const sql = [
      `SELECT ${periodSql(time, grain)} AS ${col(grain)}, ${value} AS ${col(valueName)}`,
      `FROM ${context.table} WHERE ${col(time.name)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ].join(" ");
    const result = await runQuery(context, sql, 400);
    const series = seriesOf(result.rows, grain, String(time.max));
    if (series.values.length < 3) continue;
    const first = series.values[0]!;
    const last = series.values.at(-1)!;
    const peakAt = series.values.indexOf(Math.max(...series.values));
    const fit = rSquared(series.values);
    const change = percentChange(first, last);
    // Years read as years (2015), not as numbers (2,015).
    const label = (i: number) => (grain === "year" ? String(result.rows[i]?.[0]) : cell(result.rows[i]?.[0]));
    const what = measure
      ? `${aggregateOf(measure) === "AVG" ? "Average" : "Total"} ${measure.name}`
      : "The number of rows";
    const direction = last > first ? "rose" : last < first ? "fell" : "held";
    const summary =
      `${what} ${direction} from ${num(first)} in ${label(0)} to ${num(last)} in ${label(series.values.length - 1)}` +
      `${change ? ` (${change})` : ""}, peaking in ${label(peakAt)} at ${num(series.values[peakAt]!)}.`;
    const relative = first === 0 ? 1 : Math.min(1, Math.abs(last - first) / Math.abs(first));
    cards.push(
      card(
        context,
        {
          id: `trend:${time.name}:${measure?.name ?? "*"}`,
          kind: "trend",
          title: `${what} by ${grain}`,
          summary,
          score: 0.35 + 0.35 * relative + 0.3 * fit,
        },
        sql,
        result,
      ),
    );
  }
  return cards;
}

/** The numeric series of a period query's rows, without a last period the data does not cover to its end. */
export function seriesOf(
  rows: readonly unknown[][],
  grain: PeriodSeries["grain"],
  maxTime: string,
): PeriodSeries {
  const starts: string[] = [];
  const values: number[] = [];
  for (const row of rows) {
    const value = numeric(row[1]);
    if (value === null || row[0] === null) continue;
    starts.push(grain === "year" ? `${row[0]}-01-01` : String(row[0]).slice(0, 10));
    values.push(value);
  }
  const lastStart = starts.at(-1);
  if (lastStart && values.length > 3 && !coversPeriod(lastStart, grain, maxTime)) {
    starts.pop();
    values.pop();
  }
  return { grain, starts, values };
}

/** Whether data reaching `maxTime` covers the period starting at `start` nearly to its end. */
function coversPeriod(start: string, grain: PeriodSeries["grain"], maxTime: string): boolean {
  if (grain === "day") return true;
  const end = Date.parse(maxTime.slice(0, 10));
  const next = new Date(`${start}T00:00:00Z`);
  if (grain === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  // A month's last 3 days, or a year's last month, may be missing without the period looking cut short.
  const slack = (grain === "year" ? 31 : 3) * 86_400_000;
  return !Number.isFinite(end) || end >= next.getTime() - slack - 86_400_000;
}

/** How well a straight line through the points (index, value) fits them: R², 0 to 1. */
export function rSquared(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  values.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
    syy += (y - meanY) ** 2;
  });
  return syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
}
