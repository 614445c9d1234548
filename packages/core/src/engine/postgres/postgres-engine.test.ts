import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServerUrl } from "../../store/postgres/test-databases.js";
import { engineFixtureTables, ordersFixture } from "../../testing/engine/fixture-tables.js";
import { runSqlEngineConformance } from "../../testing/engine/run-sql-engine-conformance.js";
import { expectCode } from "../../testing/store/harness.js";
import {
  createFixtureTables,
  createTypedTable,
  expectTypedConversions,
  q,
  randomSchema,
} from "./pg-test-tables.js";
import { createPostgresEngine, type PostgresEngine, runUnguardedForTesting } from "./postgres-engine.js";

/** PGlite takes seconds to start here: one instance serves every test of this file. */
let pglite: PGlite | undefined;
const sharedPGlite = async (): Promise<PGlite> => {
  pglite ??= new PGlite();
  await pglite.waitReady;
  return pglite;
};
afterAll(async () => {
  if (pglite && !pglite.closed) await pglite.close();
});

runSqlEngineConformance({
  name: "postgres (PGlite)",
  dialect: "postgres",
  createEngine: async (fixtures) => {
    const db = await sharedPGlite();
    await createFixtureTables(db, "public", fixtures);
    return createPostgresEngine(db);
  },
  // PGlite runs in this thread and cannot be interrupted: while the default slow statement (10^12 rows)
  // runs, no timer fires, and statement_timeout does not fire in PGlite either (0.5.14). A stopped query
  // would run to its end, which is never, and a fast one cannot run beside it. Servers pass these.
  skip: [
    "a timeout stops a running query within a second and the engine still answers",
    "an abort stops a running query within a second and the engine still answers",
    "a slow query does not hold up fast ones",
  ],
});

if (testServerUrl) {
  const url = testServerUrl;
  const schema = randomSchema("engine");
  let pool: pg.Pool | undefined;
  runSqlEngineConformance({
    name: "postgres (pg.Pool, server)",
    dialect: "postgres",
    createEngine: async (fixtures) => {
      pool = new pg.Pool({ connectionString: url, max: 8 });
      await createFixtureTables(pool, schema, fixtures);
      return createPostgresEngine(pool, { schema });
    },
    destroy: async () => {
      if (!pool) return;
      await pool.query(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
      await pool.end();
    },
  });
}

describe("Postgres engine on PGlite", () => {
  let db: PGlite;
  let engine: PostgresEngine;

  beforeAll(async () => {
    db = await sharedPGlite();
    await createFixtureTables(db, "shop", engineFixtureTables);
    await db.query(`CREATE TABLE shop."Sales Q1" (region text, total numeric)`);
    await db.query(`INSERT INTO shop."Sales Q1" VALUES ('north', 10.5), ('south', 20)`);
    await db.query("CREATE SCHEMA hr");
    await db.query("CREATE TABLE hr.payroll (id int, salary int)");
    await createTypedTable(db, "shop");
    engine = await createPostgresEngine(db, { schema: "shop" });
  });

  it("lists every readable table of its schema and nothing of another", async () => {
    expect((await engine.listTables()).map((t) => t.name).sort()).toEqual(
      ["Customers", "Sales Q1", "orders", "typed"].sort(),
    );
    expect((await engine.describeTable(`"Sales Q1"`)).rowCount).toBe(2);
    await expectCode(engine.describeTable(`"sales q1"`), "NOT_FOUND");
    await expectCode(engine.query("SELECT * FROM hr.payroll"), "UNSAFE_SQL");
  });

  it("reads a quoted mixed-case table only when it is in the allow-list", async () => {
    expect((await engine.query(`SELECT sum(total) FROM "Sales Q1"`)).rows).toEqual([[30.5]]);
    const narrow = await createPostgresEngine(db, { schema: "shop", tables: ["orders"] });
    const error = await expectCode(narrow.query(`SELECT * FROM "Sales Q1"`), "UNSAFE_SQL");
    expect(error.message).toContain("Sales Q1");
    expect((await narrow.listTables()).map((t) => t.name)).toEqual(["orders"]);
  });

  it("converts values to JSON like the DuckDB engine, with Postgres type names", async () => {
    await expectTypedConversions(engine);
  });

  it("runs queries in a READ ONLY transaction that refuses writes even without the guard", async () => {
    for (const sql of [
      "DELETE FROM orders",
      "UPDATE orders SET amount = 0",
      "INSERT INTO orders (order_id) VALUES (999)",
      "CREATE TABLE pwned (x int)",
      "DROP TABLE orders",
      "CREATE SEQUENCE pwned_seq",
    ]) {
      const error = await expectCode(runUnguardedForTesting(engine, sql), "UNSAFE_SQL");
      expect(error.message).toMatch(/read-only transaction/);
    }
    expect(await runUnguardedForTesting(engine, "SELECT count(*) FROM orders")).toEqual([
      [ordersFixture.rows.length],
    ]);
    // search_path holds only the engine's schema: another schema's table is unknown unqualified.
    await expectCode(runUnguardedForTesting(engine, "SELECT * FROM payroll"), "QUERY_FAILED");
    expect(await runUnguardedForTesting(engine, "SHOW transaction_read_only")).toEqual([["on"]]);
  });

  it("says whether the role is read-only, and starts either way", async () => {
    expect(engine.readOnlyRole).toBe(false);
    await db.query("CREATE ROLE quarry_reader NOLOGIN");
    await db.query("GRANT USAGE ON SCHEMA shop TO quarry_reader");
    await db.query("GRANT SELECT ON shop.orders TO quarry_reader");
    await db.query("SET ROLE quarry_reader");
    try {
      const reader = await createPostgresEngine(db, { schema: "shop" });
      expect(reader.readOnlyRole).toBe(true);
      // Only the tables the role may read are allowed.
      expect((await reader.listTables()).map((t) => t.name)).toEqual(["orders"]);
      expect((await reader.query("SELECT count(*) FROM orders")).rows).toEqual([[ordersFixture.rows.length]]);
    } finally {
      await db.query("RESET ROLE");
    }
  });

  it("refuses a missing schema or table, a system schema and bad limits", async () => {
    await expectCode(createPostgresEngine(db, { schema: "nowhere" }), "INVALID_INPUT");
    await expectCode(createPostgresEngine(db, { schema: "shop", tables: ["customers"] }), "INVALID_INPUT");
    await expectCode(createPostgresEngine(db, { schema: "pg_catalog" }), "INVALID_INPUT");
    await expectCode(createPostgresEngine(db, { schema: "information_schema" }), "INVALID_INPUT");
    await expectCode(createPostgresEngine(db, { schema: "shop", maxRows: -1 }), "INVALID_INPUT");
  });

  it("uses default limits from its options and refuses queries once closed", async () => {
    const capped = await createPostgresEngine(db, { schema: "shop", maxRows: 3 });
    const result = await capped.query("SELECT * FROM generate_series(1, 10)");
    expect([result.rows.length, result.rowCount, result.truncated]).toEqual([3, 10, true]);
    await capped.close();
    await expectCode(capped.query("SELECT 1"), "QUERY_FAILED");
    await capped.close();
  });

  it("shares the client with other users without mixing transactions", async () => {
    const [writes, reads] = await Promise.all([
      db.query(`INSERT INTO shop."Sales Q1" VALUES ('east', 1)`),
      Promise.all([1, 2, 3].map(() => engine.query(`SELECT count(*) FROM "Sales Q1"`))),
    ]);
    expect(writes.affectedRows).toBe(1);
    for (const read of reads) expect([[2], [3]]).toContainEqual(read.rows[0]);
    await db.query(`DELETE FROM shop."Sales Q1" WHERE region = 'east'`);
  });
});
