/**
 * The whole turn over real parts: files ingested into a Postgres store (PGlite, and the server when
 * `QUARRY_TEST_PG_URL` is set) and queried through the caching DuckDB provider; and a chat over an existing
 * Postgres database through the read-only Postgres engine.
 */
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import { createFixtureTables, randomSchema } from "../engine/postgres/pg-test-tables.js";
import { createPostgresEngine } from "../engine/postgres/postgres-engine.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Principal } from "../model/principal.js";
import { createPGliteStore } from "../pglite.js";
import { createPostgresStore } from "../store/postgres/postgres-store.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "../store/postgres/test-databases.js";
import type { Store } from "../store/store.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import { createQuarry } from "./create-quarry.js";
import { sharedEngine } from "./engine-provider.js";
import { collect, doneOf, modelFor, salesFixture } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const weatherCsv = fileURLToPath(
  new URL("../../../../../shared/eval/data/seattle-weather.csv", import.meta.url),
);
const yearly =
  "SELECT year(date) AS year, round(sum(precipitation), 1) AS total FROM seattle_weather GROUP BY 1 ORDER BY 1";

let server: MockLlmServer;
beforeAll(async () => {
  server = await createMockLlmServer();
});
afterAll(async () => {
  await server.close();
});

interface StoreCase {
  name: string;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

const stores: StoreCase[] = [
  {
    name: "PGlite",
    async open() {
      const store = await createPGliteStore();
      return { store, dispose: () => store.close() };
    },
  },
];
if (testServerUrl) {
  stores.push({
    name: "the Postgres server",
    async open() {
      const pool = new pg.Pool({ connectionString: testServerUrl, max: 4 });
      const tablePrefix = randomPrefix("chat");
      const store = await createPostgresStore(pool, { tablePrefix });
      return {
        store,
        async dispose() {
          await store.close();
          await dropPrefixedTables(pool, tablePrefix);
          await pool.end();
        },
      };
    },
  });
}

describe.each(stores)("a turn over an ingested file, stored in $name", ({ open }) => {
  it("answers from the file, and the store holds the conversation and its audit", async () => {
    const { store, dispose } = await open();
    const blobs = createMemoryBlobStore();
    const engine = createDuckDbEngineProvider({ blobs });
    try {
      const { datasets } = await ingestDataset({
        store,
        blobs,
        principal: alice,
        source: { path: weatherCsv },
      });
      const dataset = datasets[0]!.dataset;
      const session = await store.sessions.create(alice, { datasetIds: [dataset.id] });
      const quarry = createQuarry({
        store,
        blobs,
        engine,
        principal: alice,
        model: modelFor("anthropic", server),
      });
      server.setScript([
        { toolCalls: [{ name: "describe_table", arguments: { table: "seattle_weather" } }] },
        { toolCalls: [{ name: "run_sql", arguments: { sql: yearly } }] },
        { text: "2012 was the wettest year with 1226 mm." },
      ]);
      const events = await collect(quarry.chat(session.id, "How much rain fell each year?"));
      const answer = doneOf(events);
      expect(answer.parts.find((p) => p.type === "table")).toMatchObject({
        rowCount: 4,
        rows: expect.arrayContaining([[2012, 1226]]),
      });
      expect(answer.metadata.ungrounded).toBeUndefined();
      // describe_table read the dataset's stored profile.
      const describe = answer.parts.find((p) => p.type === "tool" && p.name === "describe_table");
      expect(JSON.stringify(describe)).toContain("nullRate");

      const stored = await store.messages.list(alice, session.id);
      expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
      expect(stored[1]).toEqual(answer);
      const audit = await store.audit.list(alice, { sessionId: session.id });
      expect(audit.items).toEqual([
        expect.objectContaining({ sql: yearly, ok: true, rowCount: 4, provider: "anthropic" }),
      ]);
      expect((await store.sessions.get(alice, session.id))?.title).toBe("How much rain fell each year");
      await quarry.close();
    } finally {
      await engine.close();
      await dispose();
    }
  });
});

describe("a chat over an existing Postgres database", () => {
  it("writes PostgreSQL, runs read-only, and refuses writes", async () => {
    const pglite = new PGlite();
    const schema = randomSchema("chat");
    try {
      await createFixtureTables(pglite, schema, [salesFixture]);
      const engine = await createPostgresEngine(pglite, { schema });
      const store = await createPGliteStore();
      const quarry = createQuarry({
        store,
        blobs: createMemoryBlobStore(),
        engine: sharedEngine(engine),
        principal: alice,
        model: modelFor("openai", server),
      });
      const session = await store.sessions.create(alice);
      server.setScript([
        { toolCalls: [{ name: "run_sql", arguments: { sql: "DELETE FROM sales" } }] },
        {
          toolCalls: [
            {
              name: "run_sql",
              arguments: { sql: "SELECT region, sum(amount) AS total FROM sales GROUP BY 1 ORDER BY 1" },
            },
          ],
        },
        { text: "North 300, South 150." },
      ]);
      const answer = doneOf(await collect(quarry.chat(session.id, "Totals by region?")));
      const firstRequest = JSON.stringify(server.requests.at(-3)?.body);
      expect(firstRequest).toContain("PostgreSQL");
      expect(answer.parts.find((p) => p.type === "sql")).toMatchObject({ dialect: "postgres" });
      expect(answer.parts.find((p) => p.type === "table")).toMatchObject({
        rows: [
          ["North", 300],
          ["South", 150],
        ],
      });
      const refused = answer.parts.find((p) => p.type === "tool" && p.isError);
      expect(JSON.stringify(refused)).toContain("UNSAFE_SQL");
      const count = await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".sales`);
      expect(count.rows[0]?.n).toBe(4);
      await quarry.close();
      await engine.close();
      await store.close();
    } finally {
      await pglite.close();
    }
  });
});
