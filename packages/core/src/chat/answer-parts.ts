import { chooseChart } from "../chart/choose-chart.js";
import { validateChart } from "../chart/validate-chart.js";
import type { DocumentHit } from "../documents/document-ports.js";
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

/** Verdicts of compiled chart shapes, most recent last; a few hundred shapes cover a busy server. */
const checkedShapes = new Map<string, boolean>();
const maxCheckedShapes = 500;

/**
 * A spec's shape: everything but its data rows, plus the rows' keys and value types. Two specs of one shape
 * compile alike, since every encoding names its field and type explicitly; Vega-Lite never reads the rows.
 */
export function chartShapeKey(spec: ChartPart["spec"]): string {
  const { data, ...rest } = spec;
  const values = (data as { values?: unknown } | undefined)?.values;
  const first = Array.isArray(values) ? values[0] : undefined;
  const columns =
    first && typeof first === "object"
      ? Object.entries(first as Record<string, unknown>).map(([key, value]) => [key, typeof value])
      : [];
  return JSON.stringify([rest, columns, Array.isArray(values) ? values.length > 0 : values]);
}

/**
 * The chart for a result, chosen from its shape and checked by compiling it; `null` when the shape calls
 * for none or the spec does not compile (then the table alone answers). Compiling costs more than the
 * rest of a turn's own work, so each shape is compiled once and its verdict remembered.
 */
export async function chartPart(result: QueryResult): Promise<ChartPart | null> {
  const part = chooseChart(result);
  if (!part) return null;
  const key = chartShapeKey(part.spec);
  let ok = checkedShapes.get(key);
  if (ok === undefined) {
    ok = (await validateChart(part.spec)).ok;
    if (checkedShapes.size >= maxCheckedShapes)
      checkedShapes.delete(checkedShapes.keys().next().value as string);
  } else {
    checkedShapes.delete(key);
  }
  checkedShapes.set(key, ok);
  return ok ? part : null;
}

/**
 * The numbers of the answer's text that no result cell, count, document passage found this turn or the
 * question supports, or `null` when every number is supported.
 */
export function ungroundedNumbers(
  text: string,
  results: readonly QueryResult[],
  question: string,
  hits: readonly Pick<DocumentHit, "text" | "fileName" | "page">[] = [],
): string[] | null {
  if (text.trim() === "") return null;
  const passages = hits.map((hit) => ({ text: hit.text, fileName: hit.fileName, page: hit.page }));
  const report = checkGrounding(text, { results, question, passages });
  return report.grounded ? null : report.unsupported.slice(0, maxUngrounded);
}
