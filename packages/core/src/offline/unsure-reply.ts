import { identifierWords } from "./question-terms.js";
import { isCategorical, isNumeric, isUnique, type TableSchema, temporalColumns } from "./table-schema.js";

/** Column names as a person would type them in a question. */
function spoken(name: string): string {
  return identifierWords(name.replace(/\([^)]*\)|\[[^\]]*\]/g, " "))
    .join(" ")
    .toLowerCase();
}

/**
 * Questions the planner can answer over these tables, made from their schema: an average of a measure by a
 * category, a count per category, a total by year. Free of numbers, so none of them reads as a figure.
 */
export function suggestedQuestions(tables: readonly TableSchema[], max = 3): string[] {
  const out: string[] = [];
  for (const table of tables) {
    const measure = table.columns.find(
      (c) => isNumeric(c) && !isUnique(c, table.rowCount) && !/(?:^|_|\b)id$/i.test(c.name),
    );
    // A text column named like a date is a date whose layout the profile could not show (privacy), not a category.
    const category = table.columns.find(
      (c) => isCategorical(c, table.rowCount) && c.kind === "string" && !/date|\bdt\b|time|day/i.test(c.name),
    );
    const date = temporalColumns(table)[0];
    if (measure && category) out.push(`Average ${spoken(measure.name)} by ${spoken(category.name)}`);
    if (category) out.push(`How many ${table.name} rows are there per ${spoken(category.name)}?`);
    if (measure && date) out.push(`Total ${spoken(measure.name)} by year`);
    if (measure) out.push(`What is the highest ${spoken(measure.name)}?`);
  }
  return [...new Set(out)].slice(0, max);
}

/**
 * What the planner says when it cannot answer: why, in words, and questions it can answer instead. It runs
 * no query it does not understand, so nothing here is a figure from the data.
 *
 * @example
 * ```ts
 * unsureReply("I could not find \"Boston\" in the data.", tables);
 * // "I'm not sure how to answer that: I could not find "Boston" in the data. I can answer questions like: …"
 * ```
 */
export function unsureReply(reason: string, tables: readonly TableSchema[]): string {
  const suggestions = suggestedQuestions(tables);
  const tail =
    suggestions.length > 0
      ? ` I can answer questions like: ${suggestions.map((s) => `“${s}”`).join(", ")}.`
      : " Try naming a column and what to calculate, such as an average, a total or a count.";
  return `I'm not sure how to answer that: ${reason}${tail}`;
}
