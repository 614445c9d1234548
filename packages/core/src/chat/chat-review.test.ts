import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createDuckDbEngine } from "../engine/duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../engine/duckdb/fixture-parquet.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { MockWire } from "../testing/model/script.js";
import { createQuarry } from "./create-quarry.js";
import { sentSystem } from "./document-fixtures.js";
import { sharedEngine } from "./engine-provider.js";
import { salesDataset } from "./quality-turn-fixtures.js";
import { collect, doneOf, modelFor, turnUser, useSalesBench, useTurnTest } from "./turn-fixtures.js";

const alice = turnUser;
const bench = useSalesBench();
const everything = "SELECT sum(amount) AS total FROM sales";
const north = "SELECT sum(amount) AS total FROM sales WHERE region = 'North'";

describe.each<MockWire>(["openai", "anthropic"])("the review of an answer through the %s SDK", (wire) => {
  const t = useTurnTest(bench, (maxRetries) => modelFor(wire, bench.server, maxRetries));

  it("applies the verifier's fix: the table shows the corrected query, and the answer says so", async () => {
    const quarry = t.make({ quality: { verifier: true } });
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: everything } }] },
      { text: "The North sold 450." },
      { text: JSON.stringify({ ok: false, problem: "It ignores the region filter.", fixedSql: north }) },
    ]);
    const before = bench.server.requests.length;
    const events = await collect(quarry.chat(t.sessionId, "Total amount in the North region"));
    const message = doneOf(events);
    expect(bench.server.requests.length).toBe(before + 3);
    const verifierRequest = JSON.stringify(bench.server.requests[before + 2]?.body);
    expect(verifierRequest).toContain("You review one SQL query");
    expect(verifierRequest).toContain(everything);
    expect(message.parts.find((p) => p.type === "sql")).toMatchObject({ sql: north });
    expect(message.parts.find((p) => p.type === "table")).toMatchObject({ rows: [[300]] });
    const text = message.parts.find((p) => p.type === "text");
    expect(text).toMatchObject({
      text: "The North sold 450.\n\nA second check found a problem with the first query (It ignores the region filter); the table shows the corrected query's result.",
    });
    expect(
      events
        .filter((e) => e.type === "text-delta")
        .map((e) => e.type === "text-delta" && e.delta)
        .join(""),
    ).toBe(text?.type === "text" ? text.text : "");
    expect(message.metadata).toMatchObject({ verifier: { ok: false, fixed: true }, confidence: "high" });
    expect(message.promptVersion).toMatch(/\+verifier\.[0-9a-f]{8}$/);
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]).toMatchObject({
      sql: north,
      rowCount: 1,
      details: {
        verifier: { ok: false, status: "checked", fixed: true, problem: "It ignores the region filter." },
      },
    });
    await quarry.close();
  });

  it("keeps the answer when the verifier's fix is refused by the guard", async () => {
    const quarry = t.make({ quality: { verifier: true } });
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: north } }] },
      { text: "The North sold 300." },
      { text: JSON.stringify({ ok: false, problem: "p", fixedSql: "DROP TABLE sales" }) },
    ]);
    const message = doneOf(await collect(quarry.chat(t.sessionId, "Total amount in the North")));
    expect(message.parts.find((p) => p.type === "sql")).toMatchObject({ sql: north });
    expect(message.metadata.verifier).toMatchObject({ fixed: false, fixError: "UNSAFE_SQL" });
    expect((await bench.engine.query("SELECT count(*) FROM sales")).rows).toEqual([[4]]);
    await quarry.close();
  });

  it("lowers the confidence of an empty result and says why", async () => {
    await salesDataset(t.store, alice, t.sessionId);
    bench.server.setScript([
      {
        toolCalls: [
          {
            name: "run_sql",
            arguments: { sql: "SELECT region, amount FROM sales WHERE region = 'Nowhere'" },
          },
        ],
      },
      { text: "There are no sales there." },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Sales in Nowhere")));
    expect(message.metadata.confidence).toBe("low");
    expect(message.parts.find((p) => p.type === "text")).toMatchObject({
      text: expect.stringContaining(
        "There are no sales there.\n\nConfidence: low. The query returned no rows",
      ),
    });
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]).toMatchObject({ details: { sanity: { confidence: "low", notes: ["empty"] } } });
    expect(audit.items).toHaveLength(2);
  });

  it("records the prompt version of a plain answer, and none of the features when all are off", async () => {
    const quarry = t.make({ quality: false });
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT 1 AS x FROM sales WHERE false" } }] },
      { text: "Nothing." },
    ]);
    const message = doneOf(await collect(quarry.chat(t.sessionId, "Please delete the 2012 rows")));
    expect(message.promptVersion).toMatch(/^quarry-agent-2\.[0-9a-f]{8}$/);
    expect(message.metadata.confidence).toBeUndefined();
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items.map((a) => a.details)).toEqual([{}]);
    await quarry.close();
  });
});

describe("schema focus over a wide table", () => {
  let wide: SqlEngine;
  const columns = [
    ...Array.from({ length: 45 }, (_, i) => ({
      name: `attr_${String(i).padStart(2, "0")}`,
      type: "text" as const,
    })),
    { name: "region", type: "text" as const },
    { name: "revenue_eur", type: "double" as const },
  ];
  beforeAll(async () => {
    wide = await createDuckDbEngine({
      tables: await fixtureParquetBytes([
        { name: "orders", columns, rows: [[...columns.slice(0, 45).map(() => "x"), "North", 10]] },
      ]),
    });
  });
  afterAll(() => wide.close());

  it("describes the relevant columns in full and names the rest", async () => {
    const store = createMemoryStore();
    const quarry = createQuarry({
      store,
      blobs: createMemoryBlobStore(),
      model: modelFor("openai", bench.server),
      engine: sharedEngine(wide),
      principal: alice,
    });
    const session = await store.sessions.create(alice);
    bench.server.setScript([
      {
        toolCalls: [
          {
            name: "run_sql",
            arguments: { sql: "SELECT region, sum(revenue_eur) AS total FROM orders GROUP BY region" },
          },
        ],
      },
      { text: "North: 10." },
    ]);
    const before = bench.server.requests.length;
    doneOf(await collect(quarry.chat(session.id, "Total revenue by region")));
    const system = sentSystem(
      bench.server.requests[before] as NonNullable<(typeof bench.server.requests)[number]>,
    );
    expect(system).toContain(
      '- "orders" (1 rows, 47 columns)\n  Relevant columns: "region" VARCHAR; "revenue_eur" DOUBLE\n  Other columns: "attr_00", "attr_01"',
    );
    expect(system).not.toContain('"attr_00" VARCHAR');
    const audit = await store.audit.list(alice, { sessionId: session.id });
    expect(audit.items).toEqual([
      expect.objectContaining({ ok: true, details: { schemaFocus: { tables: ["orders"], columns: 2 } } }),
    ]);
    await quarry.close();
  });
});
