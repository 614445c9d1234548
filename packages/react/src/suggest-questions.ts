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
    // Averages suit any measure, and read best for levels (temperatures, prices); totals only for amounts.
    const additive = measures.filter((column) => !isLevel(column));
    const measure = measures.find(isLevel) ?? measures[0];
    const total = additive.find((column) => column !== measure) ?? additive[0];
    const [category] = categories;
    if (measure && category) {
      questions.add(format(strings.askAverageBy, { measure: measure.name, category: category.name }));
      if (total) questions.add(format(strings.askTotalBy, { measure: total.name, category: category.name }));
    }
    if (times[0] && total) questions.add(format(strings.askOverTime, { measure: total.name }));
    else if (times[0] && measure)
      questions.add(format(strings.askAverageOverTime, { measure: measure.name }));
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

/** Words that name a level rather than an amount: its average means something, its sum does not. */
const levelWords = new Set(
  (
    "temp temperature price cost rate ratio percent percentage pct share score rating grade age avg average " +
    "mean median lat latitude lon lng longitude speed wind humidity pressure index year level"
  ).split(" "),
);

/** Whether a column, going by the words of its name, is a level ("temp_max", "unitPrice", "Growth %"). */
function isLevel(column: ColumnProfile): boolean {
  if (column.name.includes("%")) return true;
  const words = column.name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.some((word) => levelWords.has(word));
}

/** Text or yes/no with a few repeating values: something to group by. */
function isCategory(column: ColumnProfile): boolean {
  if (column.kind !== "string" && column.kind !== "boolean") return false;
  return column.distinctCount >= 2 && column.distinctCount <= maxCategories;
}
