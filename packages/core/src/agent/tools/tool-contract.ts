import { z } from "zod";
import type { DocumentHit } from "../../documents/document-ports.js";
import type { QueryResult, SqlEngine } from "../../engine/sql-engine.js";
import type { Json } from "../../model/common.js";
import type { ModelTool } from "../../model-provider/language-model.js";

/**
 * The public, documented contract of the agent's data tools: their names, their inputs (zod schemas, from
 * which the JSON Schemas the model sees are derived, so the two never drift) and their descriptions.
 * Any model, and the offline planner, calls the same tools with the same shapes.
 */

/** Input of `list_tables`: nothing. */
export const ListTablesInputSchema = z.strictObject({});

/** Input of `describe_table`. */
export const DescribeTableInputSchema = z.strictObject({
  table: z.string().min(1).max(1_000).describe("The table's name, exactly as list_tables returns it."),
});

/** The most rows `sample_rows` returns, whatever the model asks for. */
export const maxSampleRows = 50;

/** Input of `sample_rows`. */
export const SampleRowsInputSchema = z.strictObject({
  table: z.string().min(1).max(1_000).describe("The table's name, exactly as list_tables returns it."),
  limit: z
    .number()
    .int()
    .min(1)
    .max(maxSampleRows)
    .default(5)
    .describe(`How many rows to return, 1 to ${maxSampleRows}; default 5.`),
});

/** Input of `run_sql`. */
export const RunSqlInputSchema = z.strictObject({
  sql: z.string().min(1).max(100_000).describe("Exactly one read-only SELECT (or WITH … SELECT) statement."),
  explore: z
    .boolean()
    .optional()
    .describe(
      "True for a look at the data (distinct values, a key check) that is not the answer: its result is not shown to the user as the answer's table.",
    ),
});

/** Input of `search_documents`. */
export const SearchDocumentsInputSchema = z.strictObject({
  query: z
    .string()
    .min(1)
    .max(1_000)
    .describe("What to look for in the session's documents: the question, or its key words and phrases."),
});

/** Input of `list_tables`. */
export type ListTablesInput = z.infer<typeof ListTablesInputSchema>;
/** Input of `describe_table`. */
export type DescribeTableInput = z.infer<typeof DescribeTableInputSchema>;
/** Input of `sample_rows`, after defaults (`limit` is always set). */
export type SampleRowsInput = z.infer<typeof SampleRowsInputSchema>;
/** Input of `run_sql`. */
export type RunSqlInput = z.infer<typeof RunSqlInputSchema>;
/** Input of `search_documents`. */
export type SearchDocumentsInput = z.infer<typeof SearchDocumentsInputSchema>;

/** The input schema of each data tool, by name. */
export const dataToolInputSchemas = {
  list_tables: ListTablesInputSchema,
  describe_table: DescribeTableInputSchema,
  sample_rows: SampleRowsInputSchema,
  run_sql: RunSqlInputSchema,
} as const;

/** The name of a data tool. */
export type DataToolName = keyof typeof dataToolInputSchemas;

/** The data tools' names, in the order the model sees them. */
export const dataToolNames = Object.keys(dataToolInputSchemas) as DataToolName[];

/** What one tool call produced. Tool calls never throw for bad input; only an abort propagates. */
export interface ToolOutcome {
  /** False when the call failed; `forModel` then says why, so the model can repair its call. */
  ok: boolean;
  /** Compact JSON text the model reads as the tool result. */
  forModel: string;
  /** What the tool part shows the user: the same facts the model saw, as JSON. */
  forUser: Json;
  /** For `run_sql` that succeeded: the full capped result, for the table part (may hold more rows than the model saw). */
  result?: QueryResult;
  /** For `run_sql`: the statement the model proposed (also when it was refused or failed). */
  sql?: string;
  /** For `run_sql`: the model marked the query as exploring the data, not answering. */
  exploratory?: boolean;
  /** For `search_documents` that succeeded: every passage found, best first, for the answer's citations. */
  hits?: DocumentHit[];
  durationMs: number;
}

function dialectName(dialect: SqlEngine["dialect"] | undefined): string {
  if (dialect === "duckdb") return "DuckDB";
  if (dialect === "postgres") return "PostgreSQL";
  return "the engine's dialect (DuckDB or PostgreSQL, named in the instructions)";
}

const descriptions = {
  list_tables: () =>
    "Lists the tables you may query, as JSON {tables: [{name, rowCount, columnCount}]}. Call it first when you do not know the table names.",
  describe_table: () =>
    "Describes one table, as JSON {table, rowCount, columns: [{name, type, kind, nullRate, distinctCount, min, max, mean, topValues, ...}], glossary: [{term, meaning, sql}]}. Statistics that do not apply, or that the privacy setting hides, are absent. Glossary entries define business terms; use their sql expressions when a question uses the term.",
  sample_rows: () =>
    `Returns up to \`limit\` (1-${maxSampleRows}, default 5) example rows of one table, as JSON {table, columns: [{name, type}], rows: [[...]]}. Use it to see value formats. The privacy setting may cap the rows or disable samples entirely.`,
  run_sql: (dialect?: SqlEngine["dialect"]) =>
    `Runs exactly one read-only SELECT (or WITH … SELECT) statement over the tables list_tables returns, written in ${dialectName(dialect)} SQL. Double-quote names with capitals, spaces or symbols. No DDL, DML, file or network functions: such statements are refused. Returns JSON {rowCount, truncated, columns: [{name, type}], rows: [[...]], rowsShown}; rows may be fewer than rowCount (a row cap and the privacy setting apply), but the user sees the full result. On failure returns {error: {code, message}}: fix the statement and try again.`,
} satisfies Record<DataToolName, (dialect?: SqlEngine["dialect"]) => string>;

/** A tool's JSON Schema for the model, derived from its zod schema; `$schema` is dropped since some providers refuse it. */
function inputJsonSchema(input: z.ZodType): Record<string, unknown> {
  // `io: "input"` so defaulted fields (sample_rows' limit) are optional for the model, as they are to parse.
  const { $schema: _ignored, ...schema } = z.toJSONSchema(input, { io: "input" });
  return schema;
}

/**
 * The data tools as the model sees them, with the SQL dialect named when it is known.
 *
 * @example
 * ```ts
 * model.doStream({ messages, tools: dataToolDefinitionsFor(engine.dialect) });
 * ```
 */
export function dataToolDefinitionsFor(dialect?: SqlEngine["dialect"]): ModelTool[] {
  const key = dialect ?? "any";
  // Generating JSON Schemas from zod costs more than a turn's own bookkeeping; they never change.
  let definitions = definitionsByDialect.get(key);
  if (!definitions) {
    definitions = dataToolNames.map((name) => ({
      name,
      description: descriptions[name](dialect),
      inputSchema: inputJsonSchema(dataToolInputSchemas[name]),
    }));
    definitionsByDialect.set(key, definitions);
  }
  // Copies, so a caller that edits its tools cannot change another turn's.
  return definitions.map((tool) => ({ ...tool, inputSchema: structuredClone(tool.inputSchema) }));
}

const definitionsByDialect = new Map<string, ModelTool[]>();

/** The data tools as the model sees them, dialect left to the instructions; see {@link dataToolDefinitionsFor}. */
export const dataToolDefinitions: ModelTool[] = dataToolDefinitionsFor();

/** The name of the document search tool, offered only in sessions with processed documents. */
export const searchDocumentsToolName = "search_documents";

let searchDocumentsSchema: Record<string, unknown> | undefined;

/**
 * `search_documents` as the model sees it. The turn offers it beside the data tools when the session has
 * processed documents; its result is JSON `{query, relevant, passages: [{passage, fileName, page, text}]}`.
 */
export function searchDocumentsDefinition(): ModelTool {
  searchDocumentsSchema ??= inputJsonSchema(SearchDocumentsInputSchema);
  return {
    name: searchDocumentsToolName,
    description:
      "Searches the session's documents (PDF, text and Markdown files) for passages about `query`, combining keyword and meaning search. Returns JSON {query, relevant, passages: [{passage, fileName, page, text}]}, best first; page is null for files without pages. `relevant` is false when no passage shares a word with the query: then say the documents do not cover it (a `fallback` sentence to open your answer with is given). Cite what you use as [fileName, p. page]. Search again with other words when the passages miss the point.",
    inputSchema: structuredClone(searchDocumentsSchema),
  };
}
