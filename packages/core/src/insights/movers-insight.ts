import type { InsightCard } from "./insight-card.js";
import { aggregateOf, timeGrain } from "./insight-columns.js";
import { card, cell, col, type InsightContext, num, numeric, runQuery } from "./insight-context.js";
import { periodSql, seriesOf } from "./trend-insight.js";

/**
 * Top and bottom movers: for the first dimension and measure, how each group changed between the last two
 * complete periods, largest rise first. Needs a time column, a dimension and a measure.
 */
export async function moverInsights(context: InsightContext): Promise<InsightCard[]> {
  const time = context.columns.times[0];
  const dimension = context.columns.dimensions[0];
  const measure = context.columns.measures[0];
  if (!time || !dimension || !measure) return [];
  const grain = timeGrain(time);
  const periods = await runQuery(
    context,
    `SELECT ${periodSql(time, grain)} AS p, COUNT(*) AS n FROM ${context.table} WHERE ${col(time.name)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    400,
  );
  const { starts } = seriesOf(periods.rows, grain, String(time.max));
  if (starts.length < 2) return [];
  const previous = starts.at(-2)!;
  const latest = starts.at(-1)!;
  const end = nextStart(latest, grain);
  const t = col(time.name);
  const aggregate = aggregateOf(measure);
  const m = col(measure.name);
  const d = col(dimension.name);
  const inPeriod = (from: string, to: string) => `${t} >= DATE '${from}' AND ${t} < DATE '${to}'`;
  const before = label(previous, grain);
  const after = label(latest, grain);
  const sql = [
    `WITH g AS (SELECT ${d} AS ${col(dimension.name)},`,
    `${aggregate}(CASE WHEN ${inPeriod(previous, latest)} THEN ${m} END) AS ${col(before)},`,
    `${aggregate}(CASE WHEN ${inPeriod(latest, end)} THEN ${m} END) AS ${col(after)}`,
    `FROM ${context.table} WHERE ${d} IS NOT NULL GROUP BY ${d})`,
    `SELECT *, ${col(after)} - ${col(before)} AS ${col("change")} FROM g`,
    `WHERE ${col(before)} IS NOT NULL AND ${col(after)} IS NOT NULL ORDER BY ${col("change")} DESC`,
  ].join(" ");
  const result = await runQuery(context, sql);
  const changes: { group: unknown; change: number }[] = [];
  for (const row of result.rows) {
    const change = numeric(row[3]);
    if (change !== null) changes.push({ group: row[0], change });
  }
  if (changes.length < 2) return [];
  const top = changes[0]!;
  const bottom = changes.at(-1)!;
  if (top.change === 0 && bottom.change === 0) return [];
  const signed = (n: number) => (n >= 0 ? `+${num(n)}` : `−${num(Math.abs(n))}`);
  const what = `${aggregate === "AVG" ? "average" : "total"} ${measure.name}`;
  const parts = [];
  if (top.change > 0) parts.push(`${cell(top.group)} rose most (${signed(top.change)})`);
  if (bottom.change < 0) parts.push(`${cell(bottom.group)} fell most (${signed(bottom.change)})`);
  const spread = Math.abs(top.change) + Math.abs(bottom.change);
  const scale = changes.reduce((sum, r) => sum + Math.abs(r.change), 0) || 1;
  return [
    card(
      context,
      {
        id: `movers:${time.name}:${dimension.name}:${measure.name}`,
        kind: "movers",
        title: `Movers in ${what} by ${dimension.name}, ${before} to ${after}`,
        summary: `From ${before} to ${after}, in ${what} by ${dimension.name}, ${parts.join(" and ")}.`,
        score: 0.3 + 0.5 * Math.min(1, spread / scale),
      },
      sql,
      result,
    ),
  ];
}

function nextStart(start: string, grain: "year" | "month" | "day"): string {
  const next = new Date(`${start}T00:00:00Z`);
  if (grain === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (grain === "month") next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** A period as a column name and in sentences: `2015`, `2015-11`, `2015-11-30`. */
function label(start: string, grain: "year" | "month" | "day"): string {
  return grain === "year" ? start.slice(0, 4) : grain === "month" ? start.slice(0, 7) : start;
}
