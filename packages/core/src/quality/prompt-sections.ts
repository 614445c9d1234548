import type { TableInfo } from "../engine/sql-engine.js";
import type { ColumnProfile, Dataset } from "../model/dataset.js";
import type { SchemaFocus } from "./schema-focus.js";

/**
 * The sections the quality features add to a turn's system prompt: the focused schema, the glossary and the
 * examples (the memory's is in session-memory.ts, the follow-up note in follow-up.ts). Each stays within a
 * budget so a large glossary or a wide table cannot crowd out the question.
 */

const schemaBudget = 8_000;
const otherNamesBudget = 1_500;
const glossaryBudget = 4_000;
const examplesBudget = 4_000;

const quote = (name: string) => JSON.stringify(name);

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A column as the focused schema describes it: type and the profile figures that help write SQL. */
function columnDetail(
  name: string,
  type: string,
  profile: ColumnProfile | undefined,
  revealValues: boolean,
): string {
  const facts: string[] = [];
  if (profile) {
    const valueLike = profile.kind === "string" || profile.kind === "other";
    if ((revealValues || !valueLike) && profile.min !== undefined && profile.max !== undefined) {
      facts.push(`${short(profile.min)} to ${short(profile.max)}`);
    }
    if (typeof profile.mean === "number") facts.push(`mean ${Number(profile.mean.toPrecision(4))}`);
    if (revealValues && valueLike && profile.topValues?.length) {
      facts.push(
        `values ${profile.topValues
          .slice(0, 5)
          .map((v) => short(v.value))
          .join(", ")}`,
      );
    }
    if (profile.nullRate > 0) facts.push(`${Math.round(profile.nullRate * 100)}% null`);
    if (profile.description) facts.push(short(profile.description));
  }
  return `${quote(name)} ${type}${facts.length > 0 ? ` (${facts.join("; ")})` : ""}`;
}

function clippedNames(names: readonly string[], budget: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [index, name] of names.entries()) {
    const text = quote(name);
    if (used + text.length > budget) return `${out.join(", ")}, … ${names.length - index} more`;
    out.push(text);
    used += text.length + 2;
  }
  return out.join(", ");
}

/**
 * The schema overview of a focused turn: relevant columns described, the others and the other tables named.
 *
 * @example
 * ```ts
 * focusedSchemaText(focusSchema(question, tables, datasets, options), tables, datasets, modelRows > 0);
 * ```
 */
export function focusedSchemaText(
  focus: SchemaFocus,
  tables: readonly TableInfo[],
  datasets: readonly Dataset[],
  revealValues: boolean,
): string {
  const lines: string[] = [];
  let used = 0;
  const ordered = [...focus.tables].sort((a, b) => Number(b.focused) - Number(a.focused));
  for (const [index, table] of ordered.entries()) {
    const info = tables.find((t) => t.name === table.name);
    const dataset = datasets.find((d) => d.tableName.toLowerCase() === table.name.toLowerCase());
    const head = `- ${quote(table.name)} (${table.rowCount} rows, ${table.allColumns.length} columns)`;
    let text: string;
    if (table.focused && table.columns.length > 0) {
      const described = table.columns.map((name) => {
        const type = info?.columns.find((c) => c.name === name)?.type ?? "";
        return columnDetail(
          name,
          type,
          dataset?.columns.find((c) => c.name === name),
          revealValues,
        );
      });
      const others = table.allColumns.filter((c) => !table.columns.includes(c));
      text = `${head}\n  Relevant columns: ${described.join("; ")}`;
      if (others.length > 0) text += `\n  Other columns: ${clippedNames(others, otherNamesBudget)}`;
    } else {
      text = `${head}: ${clippedNames(table.allColumns, otherNamesBudget / 3)}`;
    }
    if (used + text.length > schemaBudget) {
      lines.push(`- … ${ordered.length - index} more tables (list_tables and describe_table show them)`);
      break;
    }
    lines.push(text);
    used += text.length;
  }
  return [
    "Tables (focused on this question: the columns that look relevant are described; the others are only named, and describe_table gives their details):",
    ...lines,
  ].join("\n");
}

/**
 * The glossary section: each business term with its meaning and, for metrics, the SQL to use; undefined
 * when the session's datasets define none.
 */
export function glossarySection(datasets: readonly Dataset[]): string | undefined {
  const lines: string[] = [];
  let used = 0;
  for (const dataset of datasets) {
    for (const entry of dataset.glossary) {
      const sql = entry.sql ? ` SQL: ${entry.sql}` : "";
      const line = `- ${quote(entry.term)} (table ${quote(dataset.tableName)}): ${entry.meaning.trim()}${sql}`;
      if (used + line.length > glossaryBudget) {
        lines.push("- … more terms (describe_table lists each table's glossary)");
        return render(lines);
      }
      lines.push(line);
      used += line.length;
    }
  }
  return lines.length > 0 ? render(lines) : undefined;

  function render(list: string[]): string {
    return [
      "Business terms (glossary): when a question uses a term, use its meaning; for a metric, use its SQL expression as written.",
      ...list,
    ].join("\n");
  }
}

/** A question and the SQL that answered it well. */
export interface SqlExample {
  question: string;
  sql: string;
}

/** The examples section: similar questions and the SQL the user confirmed; undefined without examples. */
export function examplesSection(examples: readonly SqlExample[]): string | undefined {
  if (examples.length === 0) return undefined;
  const blocks: string[] = [];
  let used = 0;
  for (const example of examples) {
    const block = `Q: ${example.question.trim()}\nSQL: ${example.sql.trim()}`;
    if (used + block.length > examplesBudget) break;
    blocks.push(block);
    used += block.length;
  }
  if (blocks.length === 0) return undefined;
  return [
    "Similar questions answered before, with SQL the user confirmed (adapt them to this question; the data may have changed since):",
    ...blocks,
  ].join("\n\n");
}
