import type { ColumnProfile, Dataset } from "@quarry/core";
import { format, type QuarryStrings } from "./strings.js";

/** At most this many suggestions: a few good ones beat a wall of buttons. */
const maxQuestions = 4;
/** A text column with at most this many distinct values reads as a category to group by. */
const maxCategories = 50;

/**
 * Questions to start with, built from the datasets' column profiles: a row count, an average and a total of
 * a measure by a category, a measure over time, the most common values of a category.
 */
export function suggestQuestions(datasets: readonly Dataset[], strings: QuarryStrings): string[] {
  if (datasets.length === 0) return [];
  const questions = new Set<string>([strings.askRowCount]);
  for (const dataset of datasets) {
    const measures = dataset.columns.filter((column) => isMeasure(column, dataset.rowCount));
    const categories = dataset.columns.filter(isCategory);
    const times = dataset.columns.filter((column) => column.kind === "date" || column.kind === "timestamp");
    const [measure, otherMeasure] = measures;
    const [category] = categories;
    if (measure && category) {
      questions.add(format(strings.askAverageBy, { measure: measure.name, category: category.name }));
      const total = otherMeasure ?? measure;
      questions.add(format(strings.askTotalBy, { measure: total.name, category: category.name }));
    }
    if (measure && times[0]) questions.add(format(strings.askOverTime, { measure: measure.name }));
    if (category) questions.add(format(strings.askMostCommon, { category: category.name }));
  }
  return [...questions].slice(0, maxQuestions);
}

/** A number worth averaging: not an identifier (named like one, or an integer unique on every row). */
function isMeasure(column: ColumnProfile, rowCount: number): boolean {
  if (column.kind !== "integer" && column.kind !== "number") return false;
  if (/^id$|[_\s-]id$/i.test(column.name) || /[a-z]Id$/.test(column.name)) return false;
  return !(column.kind === "integer" && rowCount > 1 && column.distinctCount >= rowCount);
}

/** Text or yes/no with a few repeating values: something to group by. */
function isCategory(column: ColumnProfile): boolean {
  if (column.kind !== "string" && column.kind !== "boolean") return false;
  return column.distinctCount >= 2 && column.distinctCount <= maxCategories;
}
