import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engineFixtureTables } from "../../testing/engine/fixture-tables.js";
import { legitSql } from "../../testing/engine/legit-sql.js";
import { runSqlEngineConformance } from "../../testing/engine/run-sql-engine-conformance.js";
import { expectCode } from "../../testing/store/harness.js";
import { createDuckDbEngine } from "../duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../duckdb/fixture-parquet.js";
import type { SqlEngine } from "../sql-engine.js";
import { createDuckDbWasmEngine } from "./duckdb-wasm-engine.js";
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

describe("DuckDB-WASM engine", () => {
  let native: SqlEngine;
  let wasm: SqlEngine;
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

  it("answers the legit fixtures as the native engine does", async () => {
    const mismatches: string[] = [];
    for (const { sql } of legitSql.filter(
      (l) => l.dialects.includes("duckdb") && !versionDifferences.test(l.sql),
    )) {
      const [a, b] = await Promise.all([
        native.query(sql, { maxRows: 50 }),
        wasm.query(sql, { maxRows: 50 }),
      ]);
      // Without ORDER BY either order is right; the two engines' plans differ.
      const rows = (r: typeof a) =>
        /ORDER BY[^)]*$/i.test(sql) ? r.rows : [...r.rows].map((x) => JSON.stringify(x)).sort();
      const shape = (r: typeof a) => JSON.stringify([r.columns, rows(r), r.rowCount, r.truncated]);
      if (shape(a) !== shape(b)) mismatches.push(`${sql}\n  native ${shape(a)}\n  wasm   ${shape(b)}`);
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

  it("refuses to start when its DuckDB-WASM build cannot parse and no parser is given", async () => {
    const db = await createNodeDuckDbWasm();
    await expectCode(createDuckDbWasmEngine({ db, tables: [] }), "INVALID_INPUT");
  });

  it("refuses SQL holding a NUL character, which the worker would cut short", async () => {
    await expectCode(wasm.query("SELECT 1 AS x -- \0; DROP TABLE orders"), "UNSAFE_SQL");
    await expectCode(wasm.check("SELECT 1\0"), "UNSAFE_SQL");
  });

  it("frees its worker after a timeout once the running slice ends", async () => {
    await expectCode(wasm.query(slowSql, { timeoutMs: 200 }), "QUERY_TIMEOUT");
    const start = performance.now();
    expect((await wasm.query("SELECT count(*) FROM orders")).rows).toEqual([[24]]);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
