import type { SqlEngine } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { Dataset } from "../model/dataset.js";
import { concentrationInsights } from "./concentration-insight.js";
import { correlationInsights } from "./correlation-insight.js";
import type { InsightCard, InsightKind, InsightRun } from "./insight-card.js";
import { insightColumns } from "./insight-columns.js";
import type { InsightContext } from "./insight-context.js";
import { moverInsights } from "./movers-insight.js";
import { outlierInsights } from "./outlier-insight.js";
import { trendInsights } from "./trend-insight.js";

/** Options of {@link runInsights}. */
export interface RunInsightsOptions {
  /** An engine whose allow-list has the dataset's table (a lease from `quarry.engines`). */
  engine: SqlEngine;
  dataset: Dataset;
  /** The most cards returned; default 8. */
  maxCards?: number;
  /** Timeout of each query, in ms; default 15,000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The clock, for tests. */
  now?: () => Date;
}

/** The analyses, in the order they run. */
const analyses: Record<InsightKind, (context: InsightContext) => Promise<InsightCard[]>> = {
  trend: trendInsights,
  movers: moverInsights,
  concentration: concentrationInsights,
  outliers: outlierInsights,
  correlation: correlationInsights,
};

/**
 * Runs the automatic analyses over a dataset: trends over time, top and bottom movers between the last two
 * periods, concentration, outliers and correlations between measures. Column roles come from the dataset's
 * profile (see `insightColumns`); every query is Quarry's own, written for DuckDB and Postgres alike, and
 * still goes through the engine's guard, limits and timeout. No model is involved, so insights work the same
 * with the offline planner.
 *
 * Each finding is a card with a sentence, its SQL, a small table and a chart, scored by how remarkable it
 * is; the best `maxCards` are kept, the best card of each kind first so one kind cannot crowd out the rest.
 * An analysis whose query fails is skipped (its error is in `skipped`); an abort throws `ABORTED`.
 */
export async function runInsights(options: RunInsightsOptions): Promise<InsightRun & { skipped: string[] }> {
  const started = performance.now();
  const { engine, dataset, signal } = options;
  const context: InsightContext = {
    engine,
    dataset,
    columns: insightColumns(dataset),
    table: quoteIdent(dataset.tableName),
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(signal ? { signal } : {}),
  };
  const found: InsightCard[] = [];
  const skipped: string[] = [];
  for (const [kind, analyse] of Object.entries(analyses)) {
    try {
      found.push(...(await analyse(context)));
    } catch (error) {
      if (signal?.aborted)
        throw new QuarryError("ABORTED", "The insights run was stopped.", { cause: error });
      skipped.push(`${kind}: ${QuarryError.from(error).message}`);
    }
  }
  return {
    datasetId: dataset.id,
    version: dataset.version,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    durationMs: Math.round(performance.now() - started),
    cards: pickCards(found, options.maxCards ?? 8),
    skipped,
  };
}

/** The best card of each kind first, then the rest by score; at most `max`. */
export function pickCards(cards: readonly InsightCard[], max: number): InsightCard[] {
  const byScore = [...cards].sort((a, b) => b.score - a.score);
  const firsts = new Map<InsightKind, InsightCard>();
  for (const card of byScore) if (!firsts.has(card.kind)) firsts.set(card.kind, card);
  const leaders = [...firsts.values()];
  const rest = byScore.filter((card) => !leaders.includes(card));
  return [...leaders, ...rest].slice(0, Math.max(0, max)).sort((a, b) => b.score - a.score);
}
