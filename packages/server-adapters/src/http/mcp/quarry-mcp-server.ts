import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  dataToolDefinitions,
  dataToolInputSchemas,
  dataToolNames,
  type ModelTool,
  QuarryError,
  searchDocumentsToolName,
  type ToolOutcome,
} from "@quarry/core";
import {
  type McpSearchDocumentsInput,
  McpSearchDocumentsInputSchema,
  mcpSearchDocumentsDescription,
} from "./principal-document-search.js";

declare const __QUARRY_VERSION__: string | undefined;
const version = typeof __QUARRY_VERSION__ === "string" ? __QUARRY_VERSION__ : "0.0.0-dev";

/** What the MCP server runs tool calls through: `createDataTools`' result, or anything shaped like it. */
export interface McpDataTools {
  call(name: string, rawInput: string): Promise<ToolOutcome>;
}

/** Options of {@link createQuarryMcpServer}. */
export interface QuarryMcpServerOptions {
  /** The tools, opened on the first call (so `initialize` and `ping` never open an engine). */
  tools: () => Promise<McpDataTools>;
  /**
   * The tools' descriptions, with the engine's SQL dialect named when known (`createDataTools`'
   * `definitions`); default the dialect-neutral {@link dataToolDefinitions}.
   */
  definitions?: readonly ModelTool[];
  /** Runs `search_documents` over one of the caller's sessions; without it the tool is not offered. */
  searchDocuments?: (input: McpSearchDocumentsInput) => Promise<ToolOutcome>;
}

const instructions =
  "Quarry gives read-only SQL access to the tables of the datasets you uploaded to Quarry. Call list_tables " +
  "first, describe_table for columns and statistics, sample_rows to see value formats, then run_sql with " +
  "one SELECT statement. Results show a limited number of rows; aggregate in SQL rather than reading rows. " +
  "search_documents finds passages in the PDF, text and Markdown documents of one of your sessions; cite " +
  "them by file and page.";

/** Every tool only reads: the same call gives the same answer and changes nothing. */
const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/**
 * An MCP server offering Quarry's data tools (`list_tables`, `describe_table`, `sample_rows`, `run_sql`)
 * with the contract's names, descriptions and input schemas, and `search_documents` over a session's
 * documents when `searchDocuments` is given. A failed call (bad or refused SQL, an unknown table, an engine
 * that would not open, a session that is not the caller's) is a tool result with `isError: true` and the
 * error as JSON text, which a model can read and repair, never a protocol error.
 *
 * @example
 * ```ts
 * const server = createQuarryMcpServer({ tools: async () => createDataTools({ engine, privacy, limits }) });
 * await server.connect(transport);
 * ```
 */
export function createQuarryMcpServer(options: QuarryMcpServerOptions): McpServer {
  const server = new McpServer({ name: "quarry", version }, { instructions });
  const definitions = options.definitions ?? dataToolDefinitions;
  for (const name of dataToolNames) {
    const description = definitions.find((d) => d.name === name)?.description;
    server.registerTool(
      name,
      {
        ...(description ? { description } : {}),
        // The SDK takes zod 4 schemas as they are: it validates with them (defaults applied) and lists them
        // as JSON Schema of their input side, as the contract's own definitions do.
        inputSchema: dataToolInputSchemas[name],
        annotations: readOnly,
      },
      (args: unknown) =>
        callTool(() => options.tools().then((tools) => tools.call(name, JSON.stringify(args ?? {})))),
    );
  }
  const search = options.searchDocuments;
  if (search) {
    server.registerTool(
      searchDocumentsToolName,
      {
        description: mcpSearchDocumentsDescription(),
        inputSchema: McpSearchDocumentsInputSchema,
        annotations: readOnly,
      },
      (args: McpSearchDocumentsInput) => callTool(() => search(args)),
    );
  }
  return server;
}

/** A tool call's outcome as an MCP result; a throw (an abort, an engine that did not open) is a tool error. */
async function callTool(run: () => Promise<ToolOutcome>): Promise<CallToolResult> {
  try {
    const outcome = await run();
    return { content: [{ type: "text", text: outcome.forModel }], isError: !outcome.ok };
  } catch (error) {
    // Only an abort or a failure outside the SQL (the engine did not open, an audit write failed) lands
    // here; the SDK would pass any message on, so one that is not a QuarryError's stays on the server.
    const failure = QuarryError.is(error)
      ? error
      : new QuarryError("INTERNAL", "Something went wrong on the server.", { cause: error });
    const text = JSON.stringify({ error: { code: failure.code, message: failure.message } });
    return { content: [{ type: "text", text }], isError: true };
  }
}
