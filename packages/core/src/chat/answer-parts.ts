import { chooseChart } from "../chart/choose-chart.js";
import { validateChart } from "../chart/validate-chart.js";
import type { QueryResult, SqlEngine } from "../engine/sql-engine.js";
import { checkGrounding } from "../grounding/check-grounding.js";
import type { ChartPart, SqlPart, TablePart } from "../model/message-part.js";

/** At most this many unsupported numbers are kept in a message's metadata. */
const maxUngrounded = 50;

/** The final SQL as a part. */
export function sqlPart(sql: string, dialect: SqlEngine["dialect"]): SqlPart {
  return { type: "sql", sql, dialect };
}

/** A result as a table part: at most `maxRows` rows, the true total, and whether rows were cut. */
export function tablePart(result: QueryResult, maxRows: number): TablePart {
  const rows = result.rows.slice(0, Math.max(0, maxRows));
  return {
    type: "table",
    columns: result.columns,
    rows,
    rowCount: result.rowCount,
    truncated: result.truncated || rows.length < result.rows.length,
  };
}

/**
 * The chart for a result, chosen from its shape and checked by compiling it; `null` when the shape calls
 * for none or the spec does not compile (then the table alone answers).
 */
export async function chartPart(result: QueryResult): Promise<ChartPart | null> {
  const part = chooseChart(result);
  if (!part) return null;
  const checked = await validateChart(part.spec);
  return checked.ok ? part : null;
}

/**
 * The numbers of the answer's text that no result cell, count or the question supports, or `null` when
 * every number is supported.
 */
export function ungroundedNumbers(
  text: string,
  results: readonly QueryResult[],
  question: string,
): string[] | null {
  if (text.trim() === "") return null;
  const report = checkGrounding(text, { results, question });
  return report.grounded ? null : report.unsupported.slice(0, maxUngrounded);
}
