import {
  createDocumentTools,
  defaultDocumentFallback,
  type Principal,
  type Quarry,
  SearchDocumentsInputSchema,
  searchDocumentsDefinition,
  searchDocumentsToolName,
  type ToolOutcome,
} from "@quarry/core";
import { z } from "zod";

/** Input of the MCP `search_documents`: the chat tool's, plus the session whose documents are searched. */
export const McpSearchDocumentsInputSchema = SearchDocumentsInputSchema.extend({
  sessionId: z
    .string()
    .min(1)
    .max(128)
    .describe("The id of the caller's Quarry session whose documents to search."),
});

/** Input of the MCP `search_documents`. */
export type McpSearchDocumentsInput = z.infer<typeof McpSearchDocumentsInputSchema>;

/** The MCP tool's description: the chat tool's, with where the session id comes from. */
export function mcpSearchDocumentsDescription(): string {
  return `${searchDocumentsDefinition().description} \`sessionId\` names one of your Quarry sessions (its id in the Quarry app or API); another user's session is NOT_FOUND.`;
}

/** Options of {@link principalDocumentSearch}. */
export interface PrincipalDocumentSearchOptions {
  quarry: Quarry;
  principal: Principal;
  /** Aborting stops a running search. */
  signal: AbortSignal;
  /** Passages per search; default 5. */
  limit?: number;
}

/**
 * `search_documents` for a caller outside any chat (an MCP client): the turn's document search over one of
 * the caller's sessions, with the same result the model reads in a turn, audited for the caller.
 */
export function principalDocumentSearch(
  options: PrincipalDocumentSearchOptions,
): (input: McpSearchDocumentsInput) => Promise<ToolOutcome> {
  const { quarry, principal, signal } = options;
  return async ({ sessionId, query }) => {
    const tools = createDocumentTools({
      search: (text, o) => quarry.documents.search(sessionId, text, { principal, ...o }),
      limit: options.limit ?? 5,
      fallback: defaultDocumentFallback,
      audit: async (entry) => {
        await quarry.store.audit.append(principal, {
          sql: null,
          ok: entry.ok,
          error: entry.error,
          rowCount: null,
          durationMs: entry.durationMs,
          details: { source: "mcp", tool: searchDocumentsToolName, sessionId, query, hits: entry.hitCount },
        });
      },
      signal,
    });
    return tools.call(searchDocumentsToolName, JSON.stringify({ query }));
  };
}
