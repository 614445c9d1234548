import type { ColumnProfile } from "../model/dataset.js";
import type { InsightCard } from "./insight-card.js";
import { card, col, type InsightContext, num, numeric, runQuery } from "./insight-context.js";

/** How far outside the quartiles a value must lie to be called extreme, in interquartile ranges. */
const fenceIqr = 3;

/**
 * Outliers: for each measure, the rows beyond the far fences (3 interquartile ranges past the quartiles, or
 * 4 standard deviations from the mean when the quartiles coincide), most extreme first. Remarkable when
 * few rows lie far out.
 */
export async function outlierInsights(context: InsightContext): Promise<InsightCard[]> {
  const cards: InsightCard[] = [];
  for (const measure of context.columns.measures) {
    const fences = fencesOf(measure);
    if (!fences) continue;
    const m = col(measure.name);
    const middle = (fences.low + fences.high) / 2;
    const sql = [
      `SELECT * FROM ${context.table} WHERE ${m} < ${fences.low} OR ${m} > ${fences.high}`,
      `ORDER BY ABS(${m} - ${middle}) DESC`,
    ].join(" ");
    const result = await runQuery(context, sql, 20);
    if (result.rowCount === 0) continue;
    const rows = context.dataset.rowCount || result.rowCount;
    const at = result.columns.findIndex((c) => c.name === measure.name);
    const extreme = numeric(result.rows[0]?.[at]);
    const share = result.rowCount / rows;
    // Many rows past the far fences is a skewed column, not a few surprises.
    if (share > 0.05) continue;
    cards.push(
      card(
        context,
        {
          id: `outliers:${measure.name}`,
          kind: "outliers",
          title: `Unusual values of ${measure.name}`,
          summary:
            `${num(result.rowCount)} of ${num(rows)} rows ${result.rowCount === 1 ? "has" : "have"} ` +
            `${measure.name} ${rangeText(measure, fences)}` +
            `${extreme === null ? "" : `; the most extreme is ${num(extreme)}`}.`,
          score: 0.25 + 0.5 * (1 - share / 0.05),
        },
        sql,
        result,
        null,
      ),
    );
  }
  return cards;
}

/** Where the far values lie, naming only the fences the column's values reach past. */
function rangeText(measure: ColumnProfile, fences: { low: number; high: number }): string {
  const min = numeric(measure.min);
  const max = numeric(measure.max);
  const below = min === null || min < fences.low;
  const above = max === null || max > fences.high;
  if (above && !below) return `above ${num(fences.high)}`;
  if (below && !above) return `below ${num(fences.low)}`;
  return `outside ${num(fences.low)} to ${num(fences.high)}`;
}

/** The far fences of a measure from its profile, rounded for reading, or null when it has no spread. */
export function fencesOf(measure: ColumnProfile): { low: number; high: number } | null {
  const p25 = numeric(measure.quantiles?.p25);
  const p75 = numeric(measure.quantiles?.p75);
  if (p25 !== null && p75 !== null && p75 > p25) {
    const iqr = p75 - p25;
    return { low: round(p25 - fenceIqr * iqr), high: round(p75 + fenceIqr * iqr) };
  }
  const mean = measure.mean ?? null;
  const std = measure.std ?? null;
  if (mean === null || std === null || !(std > 0)) return null;
  return { low: round(mean - 4 * std), high: round(mean + 4 * std) };
}

/** Four significant digits: fences read as round numbers, and the SQL shows the same ones. */
function round(value: number): number {
  return Number(value.toPrecision(4));
}
