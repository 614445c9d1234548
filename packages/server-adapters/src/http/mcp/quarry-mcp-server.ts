import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  type DataToolName,
  dataToolDefinitions,
  dataToolInputSchemas,
  dataToolNames,
  type ModelTool,
  QuarryError,
  type ToolOutcome,
} from "@quarry/core";

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
}

const instructions =
  "Quarry gives read-only SQL access to the tables of the datasets you uploaded to Quarry. Call list_tables " +
  "first, describe_table for columns and statistics, sample_rows to see value formats, then run_sql with " +
  "one SELECT statement. Results show a limited number of rows; aggregate in SQL rather than reading rows.";

/**
 * An MCP server offering Quarry's data tools (`list_tables`, `describe_table`, `sample_rows`, `run_sql`)
 * with the contract's names, descriptions and input schemas. A failed call (bad or refused SQL, an unknown
 * table, an engine that would not open) is a tool result with `isError: true` and the error as JSON text,
 * which a model can read and repair, never a protocol error.
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
        annotations: {
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      (args: unknown) => callTool(options.tools, name, args),
    );
  }
  return server;
}

async function callTool(
  tools: () => Promise<McpDataTools>,
  name: DataToolName,
  args: unknown,
): Promise<CallToolResult> {
  try {
    const outcome = await (await tools()).call(name, JSON.stringify(args ?? {}));
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
