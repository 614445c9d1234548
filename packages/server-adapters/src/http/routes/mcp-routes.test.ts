import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { EngineContext } from "@quarry/core";
import { ingestDataset } from "@quarry/core/ingest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { json, principals, startTestApi, type TestApi, type TestUser } from "../http-test-kit.js";

const weatherCsv = "/work/shared/eval/data/seattle-weather.csv";

let api: TestApi;
let table: string;
const clients: Client[] = [];
/** Engine leases handed out and given back, counted at the provider. */
const leases = { acquired: 0, released: 0 };

beforeAll(async () => {
  api = await startTestApi();
  const { datasets } = await ingestDataset({
    store: api.quarry.store,
    blobs: api.quarry.blobs,
    principal: principals.alice,
    source: { path: weatherCsv },
  });
  table = datasets[0]!.dataset.tableName;
  const engines = api.quarry.engines;
  const acquire = engines.acquire.bind(engines);
  vi.spyOn(engines, "acquire").mockImplementation(async (context: EngineContext) => {
    const lease = await acquire(context);
    leases.acquired += 1;
    return {
      engine: lease.engine,
      release: async () => {
        leases.released += 1;
        await lease.release();
      },
    };
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await api.close();
});

async function connect(
  user: TestUser,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${user}` } },
  });
  const client = new Client({ name: "mcp-routes-test", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

/** Calls a tool and parses the JSON text it answers with. */
async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{
  isError: boolean;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe("text");
  return { isError: result.isError === true, body: JSON.parse(content[0]!.text) };
}

describe("POST /mcp", () => {
  it("initializes statelessly and lists the data tools with their contract's schemas, and the document search", async () => {
    const before = leases.acquired;
    const { client, transport } = await connect("alice");
    expect(client.getServerVersion()?.name).toBe("quarry");
    expect(transport.sessionId).toBeUndefined();
    // Initializing opens no engine.
    expect(leases.acquired).toBe(before);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "list_tables",
      "describe_table",
      "sample_rows",
      "run_sql",
      "search_documents",
    ]);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.run_sql?.inputSchema).toMatchObject({
      type: "object",
      properties: { sql: { type: "string" } },
      required: ["sql"],
      additionalProperties: false,
    });
    expect(byName.describe_table?.inputSchema.required).toEqual(["table"]);
    // Defaulted, so optional to the client, as in the contract's own JSON Schema.
    expect(byName.sample_rows?.inputSchema.required).toEqual(["table"]);
    expect(byName.sample_rows?.inputSchema.properties).toMatchObject({
      limit: { type: "integer", maximum: 50, default: 5 },
    });
    // Listing opened the engine, so the description names its dialect.
    expect(byName.run_sql?.description).toContain("DuckDB SQL");
    expect(byName.run_sql?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.search_documents?.inputSchema).toMatchObject({
      properties: { query: { type: "string", maxLength: 1000 }, sessionId: { type: "string" } },
      required: ["query", "sessionId"],
    });
    expect(leases.released).toBe(leases.acquired);
  });

  it("lists, describes and samples the caller's tables", async () => {
    const { client } = await connect("alice");
    const listed = await call(client, "list_tables");
    expect(listed).toEqual({
      isError: false,
      body: { tables: [{ name: table, rowCount: 1461, columnCount: 6 }] },
    });

    const described = await call(client, "describe_table", { table });
    expect(described.isError).toBe(false);
    expect((described.body.columns as { name: string }[]).map((c) => c.name)).toEqual([
      "date",
      "precipitation",
      "temp_max",
      "temp_min",
      "wind",
      "weather",
    ]);

    const sampled = await call(client, "sample_rows", { table, limit: 3 });
    expect(sampled.isError).toBe(false);
    expect(sampled.body.rows).toHaveLength(3);

    // Arguments outside the contract are a tool error too, in the SDK's own words (not JSON).
    const tooMany = await client.callTool({ name: "sample_rows", arguments: { table, limit: 500 } });
    expect(tooMany.isError).toBe(true);
    expect(JSON.stringify(tooMany.content)).toContain("limit");

    const unknown = await call(client, "describe_table", { table: "nope" });
    expect(unknown.isError).toBe(true);
    expect(unknown.body.error).toMatchObject({ code: "NOT_FOUND", availableTables: [table] });
    expect(leases.released).toBe(leases.acquired);
  });

  it("runs SQL, showing at most 50 rows of a larger result", async () => {
    const { client } = await connect("alice");
    const grouped = await call(client, "run_sql", {
      sql: `SELECT weather, count(*) AS days FROM ${table} GROUP BY weather ORDER BY days DESC, weather`,
    });
    expect(grouped.isError).toBe(false);
    expect(grouped.body).toMatchObject({ rowCount: 5, rowsShown: 5, truncated: false });
    expect(grouped.body.rows).toContainEqual(["rain", 641]);

    const all = await call(client, "run_sql", { sql: `SELECT * FROM ${table}` });
    expect(all.body).toMatchObject({ rowCount: 1461, rowsShown: 50 });
    expect(all.body.rows).toHaveLength(50);
  });

  it("refuses DDL and file reads as tool errors, and nothing runs", async () => {
    const { client } = await connect("alice");
    for (const sql of [`DROP TABLE ${table}`, "SELECT * FROM read_csv('/etc/passwd')"]) {
      const refused = await call(client, "run_sql", { sql });
      expect(refused.isError).toBe(true);
      expect(refused.body.error?.code).toBe("UNSAFE_SQL");
    }
    const count = await call(client, "run_sql", { sql: `SELECT count(*) AS n FROM ${table}` });
    expect(count.body.rows).toEqual([[1461]]);
  });

  it("shows other users none of the caller's tables", async () => {
    for (const user of ["bob", "eve"] as const) {
      const { client } = await connect(user);
      expect(await call(client, "list_tables")).toEqual({ isError: false, body: { tables: [] } });
      const queried = await call(client, "run_sql", { sql: `SELECT * FROM ${table}` });
      expect(queried.isError).toBe(true);
      expect(queried.body.error?.message).toContain(table);
      expect(JSON.stringify(queried.body)).not.toContain("drizzle");
      const described = await call(client, "describe_table", { table });
      expect(described.body.error?.code).toBe("NOT_FOUND");
    }
  });

  it("audits every run_sql for the caller, refused ones included", async () => {
    const { client } = await connect("alice");
    const marker = `SELECT max(temp_max) AS audited FROM ${table}`;
    await call(client, "run_sql", { sql: marker });
    await call(client, "run_sql", { sql: "DELETE FROM weather_audit_marker" });

    const { items } = await api.store.audit.list(principals.alice, { limit: 100 });
    expect(items.find((e) => e.sql === marker)).toMatchObject({
      userId: "alice",
      tenantId: "acme",
      ok: true,
      rowCount: 1,
      sessionId: null,
      details: { source: "mcp" },
    });
    expect(items.find((e) => e.sql === "DELETE FROM weather_audit_marker")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^UNSAFE_SQL: /),
    });
    const bobs = await api.store.audit.list(principals.bob, { limit: 100 });
    expect(bobs.items.map((e) => e.sql)).not.toContain(marker);
  });

  it("searches the documents of the caller's session, and nobody else's", async () => {
    const session = await api.store.sessions.create(principals.alice, { title: "Handbook" });
    const text = "Refunds are accepted within 45 days.\n\nParking is behind the warehouse.";
    await api.quarry.documents.add(
      session.id,
      [{ fileName: "policy.txt", bytes: new TextEncoder().encode(text) }],
      {
        principal: principals.alice,
      },
    );
    const { client } = await connect("alice");
    const found = await call(client, "search_documents", { sessionId: session.id, query: "refund deadline" });
    expect(found.isError).toBe(false);
    expect(found.body).toMatchObject({
      relevant: true,
      passages: [
        { passage: 1, fileName: "policy.txt", page: null, text: expect.stringContaining("45 days") },
      ],
    });
    const { items } = await api.store.audit.list(principals.alice, { limit: 100 });
    expect(items.find((e) => e.details.tool === "search_documents")).toMatchObject({
      ok: true,
      details: { source: "mcp", sessionId: session.id, query: "refund deadline", hits: 1 },
    });

    const { client: bob } = await connect("bob");
    const refused = await call(bob, "search_documents", { sessionId: session.id, query: "refund deadline" });
    expect(refused.isError).toBe(true);
    expect(refused.body.error?.code).toBe("NOT_FOUND");
    expect(JSON.stringify(refused.body)).not.toContain("45 days");
  });

  it("answers 401 before MCP runs without a principal, and 405 to GET and DELETE", async () => {
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const headers = { accept: "application/json, text/event-stream" };
    const anonymous = await api.call(null, "/mcp", json(initialize, { headers }));
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("UNAUTHORIZED");
    const wrong = await fetch(
      `${api.url}/mcp`,
      json(initialize, { headers: { ...headers, authorization: "Bearer mallory" } }),
    );
    expect(wrong.status).toBe(401);

    const signedIn = await api.call("alice", "/mcp", json(initialize, { headers }));
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("mcp-session-id")).toBeNull();
    expect(await signedIn.json()).toMatchObject({ id: 1, result: { serverInfo: { name: "quarry" } } });

    for (const method of ["GET", "DELETE"]) {
      const refused = await api.call("alice", "/mcp", { method, headers });
      expect(refused.status).toBe(405);
      expect(refused.headers.get("allow")).toBe("POST");
    }
    expect((await api.call(null, "/mcp", { method: "GET", headers })).status).toBe(401);

    const broken = await api.call("alice", "/mcp", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{nope",
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatchObject({ code: -32700 });
  });
});
