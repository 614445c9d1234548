import type { SqlEngine, TableInfo } from "../engine/sql-engine.js";
import type { Document } from "../model/document.js";

/** Changes whenever the instructions change meaning, so stored answers say which prompt produced them. */
export const promptVersion = "quarry-agent-2";

/** The schema overview stays within this many characters; wide schemas are left to `describe_table`. */
const schemaBudget = 6_000;
const columnsPerTable = 40;

export interface InstructionsInput {
  dialect: SqlEngine["dialect"];
  tables: readonly TableInfo[];
  /** How many result rows the model may see. */
  modelRows: number;
  /** The app's own instructions, appended. */
  extra?: string;
  /** A schema overview to use instead of {@link schemaOverview} (schema focus), with its own heading. */
  schema?: string;
  /** Sections the quality features add (glossary, memory, examples, a follow-up note), before `extra`. */
  sections?: readonly string[];
  /** The session's searchable documents, when `search_documents` is offered. */
  documents?: {
    files: readonly Pick<Document, "fileName" | "pageCount">[];
    /** The sentence an answer opens with when the documents do not cover the question. */
    fallback: string;
  };
  now: Date;
}

/** The document list stays within this many characters. */
const documentsBudget = 2_000;

/** The documents section of the instructions: what there is, and how to search, cite and fall back. */
export function documentsOverview(documents: NonNullable<InstructionsInput["documents"]>): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, file] of documents.files.entries()) {
    const pages =
      file.pageCount === null ? "" : ` (${file.pageCount} ${file.pageCount === 1 ? "page" : "pages"})`;
    const line = `- ${JSON.stringify(file.fileName)}${pages}`;
    if (used + line.length > documentsBudget) {
      lines.push(`- … ${documents.files.length - index} more documents`);
      break;
    }
    lines.push(line);
    used += line.length;
  }
  return [
    `Documents:\n${lines.join("\n")}`,
    [
      "Documents rules:",
      "- For questions about the documents (policies, reports, terms, anything not in the tables), call search_documents first; search again with other words if the passages miss the point. A question that needs both a table and a document gets both: run_sql for the figures, search_documents for the text.",
      "- Answer from the passages and cite each one you use right after the claim as [file name, p. N] (just [file name] when the page is null). Quote figures exactly as the passage writes them.",
      `- When the search finds nothing relevant, begin your answer with exactly this sentence: "${documents.fallback}" Then answer as well as you can from what you have.`,
    ].join("\n"),
  ].join("\n\n");
}

/** A compact overview of the tables, so most questions need no `list_tables`/`describe_table` round trip. */
export function schemaOverview(tables: readonly TableInfo[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, table] of tables.entries()) {
    const shown = table.columns.slice(0, columnsPerTable).map((c) => `${JSON.stringify(c.name)} ${c.type}`);
    const more = table.columns.length - shown.length;
    const line = `- ${JSON.stringify(table.name)} (${table.rowCount} rows): ${shown.join(", ")}${more > 0 ? `, … ${more} more columns (describe_table lists them)` : ""}`;
    if (used + line.length > schemaBudget) {
      lines.push(`- … ${tables.length - index} more tables (list_tables and describe_table show them)`);
      break;
    }
    lines.push(line);
    used += line.length;
  }
  return lines.length > 0 ? lines.join("\n") : "(no tables: the session has no data attached)";
}

/** The system message of a turn. */
export function agentInstructions(input: InstructionsInput): string {
  const dialect = input.dialect === "postgres" ? "PostgreSQL" : "DuckDB";
  const privacy =
    input.modelRows === 0
      ? "You cannot see row values (privacy setting): run_sql tells you only the shape of a result. Do not state figures from it; say the result is shown below."
      : `You see at most ${input.modelRows} rows of each result; the user sees the whole result as a table.`;
  const parts = [
    "You are Quarry, a careful data analyst. Answer the user's questions about their data by calling tools.",
    `Today is ${input.now.toISOString().slice(0, 10)}. SQL dialect: ${dialect}.`,
    input.schema ?? `Tables:\n${schemaOverview(input.tables)}`,
    [
      "Rules:",
      `- Every figure you state must come from a run_sql result${input.documents ? " or a search_documents passage" : ""} in this conversation; never guess or invent numbers.`,
      "- Write exactly one read-only SELECT per run_sql call, over the tables above only. Double-quote identifiers that have capitals, spaces or symbols.",
      "- When a query fails, read the error, fix the statement and try again.",
      "- The user sees your final query's result as a table and a chart: make the final query return exactly what answers the question, with readable column names.",
      `- ${privacy}`,
      "- Answer in one to three short sentences with the key figures. Do not paste the table or the SQL into your answer.",
    ].join("\n"),
  ];
  if (input.documents) parts.push(documentsOverview(input.documents));
  parts.push(...(input.sections ?? []));
  if (input.extra?.trim()) parts.push(input.extra.trim());
  return parts.join("\n\n");
}
