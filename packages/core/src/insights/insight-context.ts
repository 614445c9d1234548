import { chooseChart } from "../chart/choose-chart.js";
import type { QueryResult, SqlEngine } from "../engine/sql-engine.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { Dataset } from "../model/dataset.js";
import type { ChartPart } from "../model/message-part.js";
import { formatCell, formatNumber } from "../offline/answer-sentence.js";
import type { InsightCard, InsightKind } from "./insight-card.js";
import type { InsightColumns } from "./insight-columns.js";

/** Rows a card's table keeps: a card is a glance, the SQL gives the rest. */
export const cardRows = 50;

/** What every analysis reads: the engine, the dataset and its column roles. */
export interface InsightContext {
  engine: SqlEngine;
  dataset: Dataset;
  columns: InsightColumns;
  /** The dataset's table, quoted for SQL. */
  table: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Runs one of the analyses' own queries through the engine's guard and limits. */
export function runQuery(context: InsightContext, sql: string, maxRows = cardRows): Promise<QueryResult> {
  context.signal?.throwIfAborted();
  return context.engine.query(sql, {
    maxRows,
    timeoutMs: context.timeoutMs,
    ...(context.signal ? { signal: context.signal } : {}),
  });
}

/** A column name quoted for SQL. */
export const col = (name: string) => quoteIdent(name);

/** A card from a finding: the table and SQL as the query gave them, a chart chosen from the rows' shape. */
export function card(
  context: InsightContext,
  finding: { id: string; kind: InsightKind; title: string; summary: string; score: number },
  sql: string,
  result: QueryResult,
  chart: ChartPart | null = chooseChart(result, { title: finding.title }),
): InsightCard {
  return {
    ...finding,
    score: Math.max(0, Math.min(1, finding.score)),
    sql: { type: "sql", sql, dialect: context.engine.dialect },
    table: {
      type: "table",
      columns: result.columns,
      rows: result.rows.slice(0, cardRows),
      rowCount: result.rowCount,
      truncated: result.rowCount > Math.min(result.rows.length, cardRows),
    },
    chart,
  };
}

/** A number as the summaries write it (as answers do, so the grounding check reads them alike). */
export const num = (value: number) => formatNumber(value);
/** A cell as the summaries write it. */
export const cell = (value: unknown) => formatCell(value);

/** A percentage change, signed, e.g. `+34%`, or null when the base is zero. */
export function percentChange(from: number, to: number): string | null {
  if (from === 0) return null;
  const change = ((to - from) / Math.abs(from)) * 100;
  return `${change >= 0 ? "+" : "−"}${formatNumber(Math.round(Math.abs(change)))}%`;
}

/** A cell as a number, or null (big integers and decimals come as text). */
export function numeric(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}
