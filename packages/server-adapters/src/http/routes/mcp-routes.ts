import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { dataToolDefinitions, type ModelTool } from "@quarry/core";
import { readBodyText } from "../json-body.js";
import { principalDataTools } from "../mcp/principal-data-tools.js";
import { principalDocumentSearch } from "../mcp/principal-document-search.js";
import { createQuarryMcpServer } from "../mcp/quarry-mcp-server.js";
import type { QuarryApp, RouteContext } from "../route-context.js";

/**
 * `POST /mcp`: the caller's datasets (and their sessions' documents) as an MCP server over Streamable HTTP,
 * behind the API's own auth.
 *
 * Stateless: every POST gets a fresh server and transport (no `Mcp-Session-Id`), answered with JSON rather
 * than an SSE stream. Nothing outlives a request, so any instance can serve any call, one user's state can
 * never reach another's, and the engine lease is given back when the request ends. The tools need no
 * server-to-client messages, which is all a session or a stream would add.
 */
export function mcpRoutes(app: QuarryApp, { quarry, limits }: RouteContext): void {
  app.post("/mcp", async (c) => {
    const request = c.req.raw;
    const text = await readBodyText(request, limits.bodyBytes);
    const message = parseJson(text);

    const controller = new AbortController();
    const stop = () => controller.abort();
    request.signal.addEventListener("abort", stop, { once: true });
    const timer = setTimeout(stop, limits.requestTimeoutMs);
    const principal = c.get("principal");
    const tools = principalDataTools({ quarry, principal, signal: controller.signal });
    try {
      // The run_sql description names the SQL dialect, which only an engine knows; so listing the tools opens
      // one (a caching provider keeps it for the calls that follow), and initialize or ping opens none.
      const definitions: readonly ModelTool[] = callsMethod(message, "tools/list")
        ? await tools.get().then(
            (opened) => opened.definitions,
            () => dataToolDefinitions,
          )
        : dataToolDefinitions;
      const server = createQuarryMcpServer({
        tools: tools.get,
        definitions,
        searchDocuments: principalDocumentSearch({ quarry, principal, signal: controller.signal }),
      });
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      await server.connect(transport);
      try {
        // The body is read already (within the API's body limit); a body that is not JSON goes to the
        // transport as text, so the client gets the protocol's own parse error.
        return message === undefined
          ? await transport.handleRequest(
              new Request(request.url, { method: "POST", headers: request.headers, body: text }),
            )
          : await transport.handleRequest(request, { parsedBody: message.value });
      } finally {
        await server.close();
      }
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", stop);
      await tools.release();
    }
  });

  // A stateless server offers no stream to GET and no session to DELETE; the spec's answer is 405. The body
  // is a JSON-RPC error, as the transport's own refusals are.
  app.on(["GET", "DELETE"], "/mcp", () =>
    Response.json(
      {
        jsonrpc: "2.0",
        error: { code: -32000, message: "Method not allowed: send MCP messages with POST." },
        id: null,
      },
      { status: 405, headers: { allow: "POST" } },
    ),
  );
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Whether a JSON-RPC message, or any message of a batch, calls `method`. */
function callsMethod(message: { value: unknown } | undefined, method: string): boolean {
  const messages = Array.isArray(message?.value) ? message.value : [message?.value];
  return messages.some(
    (m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === method,
  );
}
