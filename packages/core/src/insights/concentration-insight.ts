import type { InsightCard } from "./insight-card.js";
import { card, cell, col, type InsightContext, num, numeric, runQuery } from "./insight-context.js";

/**
 * Concentration: for each dimension, the share of the first measure's total (or of the rows, when there is
 * no measure) held by its largest fifth of groups, the Pareto view. Remarkable when that share is far above
 * the fifth it would be if groups were even. Skipped when some totals are negative (shares mean nothing).
 */
export async function concentrationInsights(context: InsightContext): Promise<InsightCard[]> {
  const measure = context.columns.measures[0];
  const cards: InsightCard[] = [];
  for (const dimension of context.columns.dimensions) {
    const valueName = measure ? `total_${measure.name}` : "rows";
    const value = measure ? `SUM(${col(measure.name)})` : "COUNT(*)";
    const d = col(dimension.name);
    const sql = `SELECT ${d}, ${value} AS ${col(valueName)} FROM ${context.table} WHERE ${d} IS NOT NULL GROUP BY ${d} ORDER BY 2 DESC NULLS LAST`;
    const result = await runQuery(context, sql);
    const totals = result.rows.map((row) => numeric(row[1]) ?? 0);
    if (totals.length < 3 || totals.some((v) => v < 0)) continue;
    const all = totals.reduce((a, b) => a + b, 0);
    if (all <= 0) continue;
    const k = Math.max(1, Math.round(totals.length / 5));
    const top = totals.slice(0, k).reduce((a, b) => a + b, 0);
    const share = top / all;
    const even = k / totals.length;
    // Groups holding about their even share are no finding.
    if (share - even < 0.2) continue;
    const leaders = result.rows.slice(0, Math.min(k, 3)).map((row) => cell(row[0]));
    const named = k <= 3 ? ` (${leaders.join(", ")})` : "";
    const of = measure ? `total ${measure.name}` : "rows";
    cards.push(
      card(
        context,
        {
          id: `concentration:${dimension.name}:${measure?.name ?? "*"}`,
          kind: "concentration",
          title: `Concentration of ${of} by ${dimension.name}`,
          summary:
            `The top ${k} of ${totals.length} ${dimension.name} values${named} hold ` +
            `${num(Math.round(share * 100))}% of ${of} (${num(top)} of ${num(all)}).`,
          score: Math.min(1, 0.2 + (share - even) * 1.2),
        },
        sql,
        result,
      ),
    );
  }
  return cards;
}
