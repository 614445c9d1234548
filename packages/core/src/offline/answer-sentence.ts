import type { AnswerShape } from "./plan-query.js";

/** The part of a `run_sql` result the sentence reads. */
export interface ResultView {
  rows: unknown[][];
  rowCount: number;
  /** True when the privacy setting hid the rows from the model. */
  hidden: boolean;
}

/** Items listed in a sentence before it points to the table for the rest. */
const maxListed = 8;

/**
 * A number as the answer writes it: grouped thousands, at most two decimals (three significant digits below
 * one), so that the grounding check finds the cell it was rounded from.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  if (Math.abs(value) >= 1) return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return value.toLocaleString("en-US", { maximumSignificantDigits: 3 });
}

/** A cell as the answer writes it. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "(no value)";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") {
    // Numeric strings (big integers, decimals) read as numbers.
    if (/^-?\d+(?:\.\d+)?$/.test(value) && value.length < 20) return formatNumber(Number(value));
    return value.replace(/T00:00:00(?:\.000)?Z?$/, "");
  }
  return JSON.stringify(value);
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function list(items: string[], total: number, noun: string): string {
  const shown = items.slice(0, maxListed).join("; ");
  return total > maxListed ? `${shown}; … (${total} ${noun} in all, see the table)` : shown;
}

/**
 * The answer's sentence, built from the plan's shape and the result's cells only, so every number in it
 * is a cell, a row count or a number from the question.
 *
 * @example
 * ```ts
 * answerSentence(
 *   { kind: "value", measure: "average `temp_max`", subject: undefined, filters: [], dir: undefined, labelAt: 0, measureAt: 0 },
 *   { rows: [[16.4391]], rowCount: 1, hidden: false },
 * ); // "The average `temp_max` is 16.44."
 * ```
 */
export function answerSentence(shape: AnswerShape, result: ResultView): string {
  const where = shape.filters.length > 0 ? ` where ${shape.filters.join(" and ")}` : "";
  if (result.hidden) {
    return `I ran the query for the ${shape.measure}${where}; the result is in the table below (the privacy setting keeps its values from me).`;
  }
  const { rows, rowCount } = result;
  const cell = (row: unknown[] | undefined, at: number) => formatCell(row?.[at]);
  const label = (row: unknown[]) => {
    const labels = shape.kind === "groups" ? row.slice(0, shape.measureAt) : [row[shape.labelAt]];
    // A label is a name, not a quantity: the year 2012 is not written 2,012.
    return labels
      .map((v) => (typeof v === "number" && Number.isInteger(v) ? String(v) : formatCell(v)))
      .join(" / ");
  };
  const extreme = shape.dir === "asc" ? "lowest" : "highest";
  switch (shape.kind) {
    case "value": {
      const value = rows[0]?.[shape.measureAt];
      if (value === null || value === undefined)
        return sentence(`there is no ${shape.measure}${where}: no rows match.`);
      return sentence(`the ${shape.measure}${where} is ${cell(rows[0], shape.measureAt)}.`);
    }
    case "groups": {
      if (rows.length === 0) return sentence(`no rows match${where}.`);
      const items = rows.map((row) => `${label(row)}: ${cell(row, shape.measureAt)}`);
      return sentence(`${shape.measure} by ${shape.subject}${where}: ${list(items, rowCount, "groups")}.`);
    }
    case "rank-groups": {
      if (rows.length === 0) return sentence(`no rows match${where}.`);
      if (rows.length === 1) {
        return sentence(
          `the ${shape.subject} with the ${extreme} ${shape.measure}${where} is ${label(rows[0] as unknown[])} (${cell(rows[0], shape.measureAt)}).`,
        );
      }
      const items = rows.map((row) => `${label(row)} (${cell(row, shape.measureAt)})`);
      return sentence(
        `by ${shape.measure}${where}, the ${extreme} ${shape.subject} values are: ${list(items, rowCount, "values")}.`,
      );
    }
    case "rank-rows": {
      if (rows.length === 0) return sentence(`no rows match${where}.`);
      if (rows.length === 1) {
        return sentence(
          `the row with the ${extreme} ${shape.measure}${where} is ${label(rows[0] as unknown[])} (${cell(rows[0], shape.measureAt)}).`,
        );
      }
      const items = rows.map((row) => `${label(row)} (${cell(row, shape.measureAt)})`);
      return sentence(
        `the rows with the ${extreme} ${shape.measure}${where}: ${list(items, rowCount, "rows")}.`,
      );
    }
    case "rows":
      if (rowCount === 0) return sentence(`no rows match${where}.`);
      return sentence(
        `${formatNumber(rowCount)} ${rowCount === 1 ? "row matches" : "rows match"}${where}; they are in the table below.`,
      );
  }
}
