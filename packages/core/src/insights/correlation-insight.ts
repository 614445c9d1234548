import { chooseChart } from "../chart/choose-chart.js";
import type { InsightCard } from "./insight-card.js";
import { card, col, type InsightContext, numeric, runQuery } from "./insight-context.js";

/** Correlations weaker than this are not shown. */
const minCorrelation = 0.5;

/** Points the scatter plot of the strongest pair embeds. */
const scatterPoints = 1_000;

/**
 * Correlations between measures: Pearson's r of every pair in one query, strongest first; a card when the
 * strongest reaches 0.5 in size, with a scatter plot of that pair.
 */
export async function correlationInsights(context: InsightContext): Promise<InsightCard[]> {
  const measures = context.columns.measures;
  if (measures.length < 2) return [];
  const pairs: string[] = [];
  for (let i = 0; i < measures.length; i++) {
    for (let j = i + 1; j < measures.length; j++) {
      const a = measures[i]!.name;
      const b = measures[j]!.name;
      const x = `CAST(${col(a)} AS DOUBLE PRECISION)`;
      const y = `CAST(${col(b)} AS DOUBLE PRECISION)`;
      pairs.push(
        `SELECT '${a.replaceAll("'", "''")}' AS measure_a, '${b.replaceAll("'", "''")}' AS measure_b, ROUND(CAST(corr(${x}, ${y}) AS NUMERIC), 3) AS correlation FROM ${context.table}`,
      );
    }
  }
  const sql = `SELECT * FROM (${pairs.join(" UNION ALL ")}) AS pairs WHERE correlation IS NOT NULL ORDER BY ABS(correlation) DESC`;
  const result = await runQuery(context, sql);
  const best = result.rows[0];
  const r = numeric(best?.[2]);
  if (!best || r === null || Math.abs(r) < minCorrelation) return [];
  const [a, b] = [String(best[0]), String(best[1])];
  const points = await runQuery(
    context,
    `SELECT ${col(a)}, ${col(b)} FROM ${context.table} WHERE ${col(a)} IS NOT NULL AND ${col(b)} IS NOT NULL`,
    scatterPoints,
  );
  const title = `${a} and ${b}`;
  const how = r > 0 ? "rise and fall together" : "move in opposite directions";
  const strength = Math.abs(r) >= 0.8 ? "strongly" : "clearly";
  return [
    card(
      context,
      {
        id: `correlation:${a}:${b}`,
        kind: "correlation",
        title: `${title} are correlated`,
        summary: `${a} and ${b} ${strength} ${how} (correlation ${r}).`,
        score: Math.abs(r),
      },
      sql,
      result,
      chooseChart(points, { title }),
    ),
  ];
}
