import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engineFixtureTables } from "../../testing/engine/fixture-tables.js";
import { legitFixtureTestName } from "../../testing/engine/guard-tests.js";
import { legitSql } from "../../testing/engine/legit-sql.js";
import { runSqlEngineConformance } from "../../testing/engine/run-sql-engine-conformance.js";
import { expectCode } from "../../testing/store/harness.js";
import { createDuckDbEngine } from "../duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../duckdb/fixture-parquet.js";
import { checkPortableDuckDbSql } from "../guard/portable-duckdb-guard.js";
import { portableRefusedLegit } from "../guard/portable-refused-legit.js";
import type { SqlEngine } from "../sql-engine.js";
import { createDuckDbWasmEngine, type DuckDbWasmEngine } from "./duckdb-wasm-engine.js";
import { createNativeTestParser } from "./native-test-parser.js";
import { createNodeDuckDbWasm } from "./node-loader.js";

/**
 * DuckDB-WASM 1.32 runs DuckDB 1.4.3, the native engine 1.5: `date_trunc` of a DATE gives DATE in 1.4 and
 * TIMESTAMP in 1.5. Not a difference of the engines' conversions.
 */
const versionDifferences = /date_trunc\('month', order_date\)/;

const slowSql = "SELECT count(*) FROM range(1000000000) AS a(x), range(1000) AS b(y) WHERE a.x + b.y < 0";

let conformanceParser: Awaited<ReturnType<typeof createNativeTestParser>> | undefined;
runSqlEngineConformance({
  name: "duckdb-wasm (node)",
  dialect: "duckdb",
  createEngine: async (fixtures) => {
    conformanceParser = await createNativeTestParser();
    return createDuckDbWasmEngine({
      db: await createNodeDuckDbWasm(),
      tables: await fixtureParquetBytes(fixtures),
      parser: conformanceParser.parser,
    });
  },
  destroy: () => conformanceParser?.close(),
});

/**
 * The engine as a browser runs it: no `json_serialize_sql`, no parser given, so the portable guard
 * (PostgreSQL's parser, DuckDB's rules and tokenizer). One engine serves the guard part of the conformance
 * suite — the only part that depends on the guard; the rest ran above — and the tests further down, which
 * close it.
 */
let portableEngine: Promise<DuckDbWasmEngine> | undefined;
const portable = () => {
  portableEngine ??= (async () =>
    createDuckDbWasmEngine({
      db: await createNodeDuckDbWasm(),
      tables: await fixtureParquetBytes(engineFixtureTables),
    }))();
  return portableEngine;
};
runSqlEngineConformance({
  name: "duckdb-wasm (node, portable guard)",
  dialect: "duckdb",
  parts: ["guard"],
  // DuckDB-only syntax PostgreSQL's grammar cannot parse, refused (UNSAFE_SQL) by the portable guard:
  // QUALIFY; GROUP BY ALL / ORDER BY ALL; FROM-first; SELECT * EXCLUDE; PIVOT with IN; UNPIVOT;
  // INTERVAL 1 DAY (unquoted, in "generate_series of dates"); the list literal in "unnest"; struct and list
  // literals. See portable-refused-legit.ts; the guard's own test proves these are exactly the refused ones.
  skip: [...portableRefusedLegit.keys()].map((note) => legitFixtureTestName("duckdb", note)),
  // Closed by the last describe below, which uses it too.
  createEngine: async () => ({ ...(await portable()), close: async () => {} }),
});

describe("DuckDB-WASM engine", () => {
  let native: SqlEngine;
  let wasm: DuckDbWasmEngine;
  let parser: Awaited<ReturnType<typeof createNativeTestParser>>;
  const networkAttempts: string[] = [];
  let fetchCalls = 0;

  beforeAll(async () => {
    parser = await createNativeTestParser();
    const tables = await fixtureParquetBytes(engineFixtureTables);
    native = await createDuckDbEngine({ tables });
    // Whatever the engine does while it starts and answers, it must not reach for the network.
    vi.stubGlobal("fetch", () => {
      fetchCalls++;
      throw new Error("no network in this test");
    });
    try {
      const db = await createNodeDuckDbWasm({ onNetworkAttempt: (what) => networkAttempts.push(what) });
      wasm = await createDuckDbWasmEngine({ db, tables, parser: parser.parser });
      await wasm.query("SELECT count(*) FROM orders");
    } finally {
      vi.unstubAllGlobals();
    }
  });
  afterAll(async () => {
    await (await portableEngine)?.close();
    await wasm?.close();
    await native?.close();
    parser?.close();
  });

  it("starts and answers without any network call", () => {
    expect(fetchCalls).toBe(0);
    expect(networkAttempts).toEqual([]);
  });

  it("refuses the network inside its worker, so a stray extension load fails at once instead of hanging", async () => {
    // DuckDB-WASM caches extensions under the home directory, which its worker reads when it loads one;
    // keep that out of the real one until the load is over.
    const home = await mkdtemp(join(tmpdir(), "quarry-wasm-home-"));
    const previousHome = process.env.HOME;
    process.env.HOME = home;
    const attempts: string[] = [];
    const db = await createNodeDuckDbWasm({ onNetworkAttempt: (what) => attempts.push(what) });
    try {
      await db.open({ path: ":memory:" });
      const connection = await db.connect();
      const start = performance.now();
      await expect(connection.query("LOAD json")).rejects.toThrow();
      expect(performance.now() - start).toBeLessThan(5_000);
      expect(attempts.length).toBeGreaterThan(0);
    } finally {
      await db.terminate();
      if (previousHome === undefined) delete process.env.HOME;
      else process.env.HOME = previousHome;
      await rm(home, { recursive: true, force: true });
    }
  });

  it("answers the legit fixtures as the native engine does, under either guard", async () => {
    const guarded = await portable();
    const mismatches: string[] = [];
    for (const { sql, note } of legitSql.filter(
      (l) => l.dialects.includes("duckdb") && !versionDifferences.test(l.sql),
    )) {
      const [a, b, c] = await Promise.all([
        native.query(sql, { maxRows: 50 }),
        wasm.query(sql, { maxRows: 50 }),
        portableRefusedLegit.has(note) ? undefined : guarded.query(sql, { maxRows: 50 }),
      ]);
      // Without ORDER BY either order is right; the two engines' plans differ.
      const rows = (r: typeof a) =>
        /ORDER BY[^)]*$/i.test(sql) ? r.rows : [...r.rows].map((x) => JSON.stringify(x)).sort();
      const shape = (r: typeof a) => JSON.stringify([r.columns, rows(r), r.rowCount, r.truncated]);
      if (shape(a) !== shape(b)) mismatches.push(`${sql}\n  native ${shape(a)}\n  wasm   ${shape(b)}`);
      if (c && shape(a) !== shape(c))
        mismatches.push(`${sql}\n  native   ${shape(a)}\n  portable ${shape(c)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("gives DuckDB-only types as the native engine does", async () => {
    const sql = `SELECT 12345678901234567890::HUGEINT AS h, 5::UHUGEINT AS u, 123.456::DECIMAL(18,3) AS d,
      '00112233-4455-6677-8899-aabbccddeeff'::UUID AS id, INTERVAL '1 year 2 months 3 days 04:05:06.5' AS i,
      TIMETZ '10:30:00+02' AS tz, '101'::BIT AS b, TIMESTAMPTZ '2024-01-06 10:30:00.123456+00' AS ts,
      TIMESTAMP_NS '2024-01-01 00:00:00.000001' AS ns, TIME '10:30:00.25' AS t, [true, NULL, false] AS bools,
      MAP {'k': [1, 2]} AS m, {'a': DATE '2024-01-01', 'b': 'x'} AS s, 'x'::BLOB AS blob, 'NaN'::DOUBLE AS nan`;
    const [a, b] = await Promise.all([native.query(sql), wasm.query(sql)]);
    expect(b.rows).toEqual(a.rows);
    expect(b.columns).toEqual(a.columns);
  });

  it("guards with DuckDB's parser when given one, else with PostgreSQL's", async () => {
    expect(wasm.sqlGuard).toBe("duckdb");
    expect((await portable()).sqlGuard).toBe("portable");
  });

  it("refuses to start when the portable guard's libpg-query cannot be loaded", async () => {
    const db = await createNodeDuckDbWasm();
    const error = await expectCode(
      createDuckDbWasmEngine({ db, tables: [], libpgQueryWasm: "/nonexistent/libpg-query.wasm" }),
      "INVALID_INPUT",
    );
    expect(error.message).toContain("libpgQueryWasm");
  });

  it("refuses SQL holding a NUL character, which the worker would cut short", async () => {
    for (const engine of [wasm, await portable()]) {
      await expectCode(engine.query("SELECT 1 AS x -- \0; DROP TABLE orders"), "UNSAFE_SQL");
      await expectCode(engine.check("SELECT 1\0"), "UNSAFE_SQL");
    }
  });

  it("refuses, under the portable guard, text DuckDB's lexer reads differently from PostgreSQL's", async () => {
    const guarded = await portable();
    // PostgreSQL reads 0x10 as sixteen, DuckDB as `0 AS x10`; DuckDB cannot lex U&'…' at all.
    for (const sql of ["SELECT 0x10 AS n", "SELECT U&'d\\0061t' AS s"]) {
      const policy = { allowedTables: ["orders"], databaseName: "memory" };
      await expect(checkPortableDuckDbSql(sql, policy)).resolves.toBeDefined();
      expect((await expectCode(guarded.query(sql), "UNSAFE_SQL")).message).toContain("differently");
    }
  });

  it("gives the true row count of a cut result under the portable guard", async () => {
    const guarded = await portable();
    for (const sql of [
      "SELECT * FROM orders",
      "SELECT * FROM orders; -- every order",
      "WITH o AS (SELECT * FROM orders) SELECT o.order_id FROM o ORDER BY 1 -- sorted",
    ]) {
      const result = await guarded.query(sql, { maxRows: 5 });
      expect([result.rows.length, result.rowCount, result.truncated], sql).toEqual([5, 24, true]);
    }
  });

  it("frees its worker after a timeout once the running slice ends", async () => {
    await expectCode(wasm.query(slowSql, { timeoutMs: 200 }), "QUERY_TIMEOUT");
    const start = performance.now();
    expect((await wasm.query("SELECT count(*) FROM orders")).rows).toEqual([[24]]);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
