/**
 * The Postgres engine against a real server (`QUARRY_TEST_PG_URL`, e.g.
 * `postgres://postgres@127.0.0.1:5432/test`): cancellation, the pool, a single client, a read-only role.
 * The conformance suite against the server runs in postgres-engine.test.ts.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServerUrl } from "../../store/postgres/test-databases.js";
import { engineFixtureTables, ordersFixture } from "../../testing/engine/fixture-tables.js";
import { defaultSlowSql } from "../../testing/engine/harness.js";
import { expectCode } from "../../testing/store/harness.js";
import {
  createFixtureTables,
  createTypedTable,
  expectTypedConversions,
  q,
  randomSchema,
} from "./pg-test-tables.js";
import { createPostgresEngine, type PostgresEngine, runUnguardedForTesting } from "./postgres-engine.js";

const slowSql = defaultSlowSql.postgres;
const orderCount = ordersFixture.rows.length;

/** Polls until `check` holds or a second has passed; returns whether it held. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const start = performance.now();
  for (;;) {
    if (await check()) return true;
    if (performance.now() - start > ms) return false;
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe.skipIf(!testServerUrl)("Postgres engine on a server", () => {
  const schema = randomSchema("server");
  const role = `${schema}_reader`;
  let admin: pg.Pool;
  let pool: pg.Pool;
  let engine: PostgresEngine;

  /** Active statements on the server running the slow query, other than the probe itself. */
  const slowRunning = async () => {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE state = 'active' AND query LIKE '%generate_series(1, 1000000000)%' AND pid <> pg_backend_pid()
         AND datname = current_database() AND application_name = $1`,
      [schema],
    );
    return (rows[0] as { n: number }).n;
  };
  const poolIsIdle = async () => pool.waitingCount === 0 && pool.idleCount === pool.totalCount;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: testServerUrl, max: 2 });
    pool = new pg.Pool({ connectionString: testServerUrl, max: 3, application_name: schema });
    await createFixtureTables(admin, schema, engineFixtureTables);
    await createTypedTable(admin, schema);
    engine = await createPostgresEngine(pool, { schema });
  });
  afterAll(async () => {
    await engine?.close();
    await pool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
    await admin?.query(`DROP ROLE IF EXISTS ${q(role)}`);
    await admin?.end();
  });

  it("cancels a running statement on the server within a second, and the pool keeps no connection", async () => {
    for (const stop of ["timeout", "abort"] as const) {
      const controller = new AbortController();
      const start = performance.now();
      const query = engine.query(slowSql, {
        timeoutMs: stop === "timeout" ? 300 : 60_000,
        signal: controller.signal,
      });
      if (stop === "abort") setTimeout(() => controller.abort(), 300);
      await expectCode(query, stop === "timeout" ? "QUERY_TIMEOUT" : "ABORTED");
      expect(performance.now() - start).toBeLessThan(1_300);
      // The server stops too, not only the caller's promise; the pool has every connection back.
      expect(await within(1_000, async () => (await slowRunning()) === 0)).toBe(true);
      expect(await within(1_000, poolIsIdle)).toBe(true);
      expect(pool.totalCount).toBeLessThanOrEqual(3);
    }
    expect((await engine.query("SELECT count(*) FROM orders")).rows).toEqual([[orderCount]]);
  });

  it("stops queries that fill the pool, without waiting for a free connection", async () => {
    const controller = new AbortController();
    const queries = [1, 2, 3].map(() =>
      engine.query(slowSql, { timeoutMs: 60_000, signal: controller.signal }),
    );
    await new Promise((done) => setTimeout(done, 300));
    expect(await slowRunning()).toBe(3);
    controller.abort();
    for (const query of queries) await expectCode(query, "ABORTED");
    expect(await within(1_000, async () => (await slowRunning()) === 0)).toBe(true);
    expect(await within(1_000, poolIsIdle)).toBe(true);
    expect((await engine.query("SELECT count(*) FROM orders")).rows).toEqual([[orderCount]]);
  });

  it("close stops running queries and leaves the pool to its owner", async () => {
    const closing = await createPostgresEngine(pool, { schema });
    const slow = closing.query(slowSql, { timeoutMs: 60_000 });
    slow.catch(() => {});
    await new Promise((done) => setTimeout(done, 200));
    const start = performance.now();
    await closing.close();
    expect(performance.now() - start).toBeLessThan(1_500);
    await expect(slow).rejects.toThrow();
    expect(await within(1_000, async () => (await slowRunning()) === 0)).toBe(true);
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("counts small tables exactly and reports the planner's estimate for large ones", async () => {
    await admin.query(`CREATE TABLE ${q(schema)}.huge AS SELECT 1 AS x`);
    // A superuser may set the estimate: PostgreSQL then believes the table holds five million rows.
    await admin.query(`UPDATE pg_class SET reltuples = 5e6 WHERE oid = '${q(schema)}.huge'::regclass`);
    await admin.query(`UPDATE pg_class SET reltuples = 10 WHERE oid = '${q(schema)}.orders'::regclass`);
    const counted = await createPostgresEngine(pool, { schema, tables: ["huge", "orders"] });
    expect((await counted.listTables()).map((t) => [t.name, t.rowCount])).toEqual([
      ["huge", 5_000_000],
      ["orders", orderCount],
    ]);
    await admin.query(`DROP TABLE ${q(schema)}.huge`);
  });

  it("converts values to JSON with Postgres type names", async () => {
    await expectTypedConversions(engine);
  });

  it("refuses writes in its READ ONLY transaction even without the guard", async () => {
    for (const sql of ["DELETE FROM orders", "CREATE TABLE pwned (x int)", `SELECT nextval('s')`]) {
      await expect(runUnguardedForTesting(engine, sql)).rejects.toThrow();
    }
    await expectCode(runUnguardedForTesting(engine, "TRUNCATE orders"), "UNSAFE_SQL");
    expect((await engine.query("SELECT count(*) FROM orders")).rows).toEqual([[orderCount]]);
  });

  it("works over a single pg.Client, stopping at statement_timeout, as a read-only role", async () => {
    await admin.query(`CREATE ROLE ${q(role)} NOLOGIN`);
    await admin.query(`GRANT USAGE ON SCHEMA ${q(schema)} TO ${q(role)}`);
    await admin.query(`GRANT SELECT ON ${q(schema)}.orders TO ${q(role)}`);
    const client = new pg.Client({ connectionString: testServerUrl });
    await client.connect();
    try {
      await client.query(`SET ROLE ${q(role)}`);
      const reader = await createPostgresEngine(client, { schema });
      expect([reader.readOnlyRole, engine.readOnlyRole]).toEqual([true, false]);
      expect((await reader.listTables()).map((t) => t.name)).toEqual(["orders"]);
      const results = await Promise.all([1, 2, 3].map((id) => reader.query(`SELECT ${id} AS id`)));
      expect(results.map((r) => r.rows)).toEqual([[[1]], [[2]], [[3]]]);
      const start = performance.now();
      await expectCode(reader.query(slowSql, { timeoutMs: 300 }), "QUERY_TIMEOUT");
      expect(performance.now() - start).toBeLessThan(1_300);
      expect((await reader.query("SELECT count(*) FROM orders")).rows).toEqual([[orderCount]]);
      // What the guard refuses, the role refuses too: the defence behind the guard.
      await expectCode(runUnguardedForTesting(reader, "SELECT pg_read_file('/etc/hostname')"), "UNSAFE_SQL");
    } finally {
      await client.end();
      await admin.query(`REVOKE ALL ON ${q(schema)}.orders FROM ${q(role)}`);
      await admin.query(`REVOKE ALL ON SCHEMA ${q(schema)} FROM ${q(role)}`);
    }
  });
});
