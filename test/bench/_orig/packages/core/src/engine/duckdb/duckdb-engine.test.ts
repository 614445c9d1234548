import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineFixtureTables } from "../../testing/engine/fixture-tables.js";
import { hostileSql, pwnedPathPrefix } from "../../testing/engine/hostile-sql.js";
import { runSqlEngineConformance } from "../../testing/engine/run-sql-engine-conformance.js";
import { expectCode } from "../../testing/store/harness.js";
import { createDuckDbEngine, type DuckDbEngine, runUnguardedForTesting } from "./duckdb-engine.js";
import { fixtureParquetBytes, writeFixtureParquet } from "./fixture-parquet.js";

runSqlEngineConformance({
  name: "duckdb (native)",
  dialect: "duckdb",
  createEngine: async (fixtures) => createDuckDbEngine({ tables: await fixtureParquetBytes(fixtures) }),
});

describe("DuckDB engine lockdown (no guard)", () => {
  let directory: string;
  let engine: DuckDbEngine;
  const unguarded = (sql: string) => runUnguardedForTesting(engine, sql);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "quarry-lockdown-test-"));
    await mkdir(join(directory, "tables"));
    await mkdir(join(directory, "other"));
    const tables = await writeFixtureParquet(engineFixtureTables, join(directory, "tables"));
    // A Parquet file near the tables' files, which the engine must not read.
    await writeFixtureParquet(
      [{ name: "secret", columns: [{ name: "x", type: "integer" }], rows: [[1]] }],
      join(directory, "other"),
    );
    engine = await createDuckDbEngine({ tables, memoryLimit: "256MB", threads: 1 });
  });
  afterAll(async () => {
    await engine.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("is locked down before any outside SQL runs", async () => {
    const [row] = await unguarded(
      `SELECT current_setting('enable_external_access'), current_setting('lock_configuration'),
        current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions'),
        current_setting('threads'), current_setting('allow_persistent_secrets')`,
    );
    expect(row).toEqual([false, true, false, false, "1", false]);
  });

  it("still reads its own tables, from Parquet paths", async () => {
    expect(await unguarded("SELECT count(*) FROM orders")).toEqual([["24"]]);
    expect((await engine.query(`SELECT count(*) FROM "Customers"`)).rows).toEqual([[9]]);
  });

  it.each([
    ["SET", "SET enable_external_access = true"],
    ["RESET", "RESET lock_configuration"],
    ["SET threads", "SET threads = 8"],
    ["PRAGMA", "PRAGMA threads = 8"],
    ["read_csv", "SELECT * FROM read_csv('/etc/passwd')"],
    ["read_text", "SELECT * FROM read_text('/etc/hostname')"],
    ["a sibling Parquet file", "SELECT * FROM read_parquet('SIBLING')"],
    ["glob", "SELECT * FROM glob('/*')"],
    ["COPY", `COPY (SELECT 1) TO '/tmp/${pwnedPathPrefix}lockdown.csv'`],
    ["COPY relative", `COPY (SELECT 1) TO '${pwnedPathPrefix}lockdown.csv'`],
    ["ATTACH", `ATTACH '/tmp/${pwnedPathPrefix}lockdown.db' AS pwned`],
    ["INSTALL", "INSTALL httpfs"],
    ["LOAD", "LOAD httpfs"],
    ["EXPORT", `EXPORT DATABASE '/tmp/${pwnedPathPrefix}lockdown-export'`],
  ])("refuses %s even without the guard", async (_, sql) => {
    await expect(unguarded(sql.replace("SIBLING", join(directory, "other", "0.parquet")))).rejects.toThrow();
  });

  it("stops the engine's work on timeout, not only the caller's promise", async () => {
    const slow = "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE a.range + b.range < 0";
    await expectCode(engine.query(slow, { timeoutMs: 200 }), "QUERY_TIMEOUT");
    // A query's connection closes only once its engine call has returned; then only ours is left.
    const start = performance.now();
    let open = Number.POSITIVE_INFINITY;
    while (open > 1 && performance.now() - start < 1_000) {
      open = Number((await unguarded("SELECT * FROM duckdb_connection_count()"))[0]?.[0]);
      await new Promise((done) => setTimeout(done, 20));
    }
    expect(open).toBe(1);
  });

  it("stops every file, extension and attach statement of the hostile fixtures without the guard", async () => {
    const risky = hostileSql.filter(
      (h) =>
        h.dialects.includes("duckdb") &&
        (h.category === "file" || h.category === "extension" || /^ATTACH|^LOAD/i.test(h.sql)) &&
        !/ATTACH ':memory:'/i.test(h.sql),
    );
    expect(risky.length).toBeGreaterThan(30);
    const ran: string[] = [];
    for (const { sql } of risky) {
      const outcome = await unguarded(sql).then(
        () => "ran",
        (error: Error) => error.message,
      );
      if (outcome === "ran") ran.push(sql);
    }
    expect(ran).toEqual([]);
    expect(
      existsSync(`/tmp/${pwnedPathPrefix}copy.csv`) || existsSync(`${pwnedPathPrefix}relative.csv`),
    ).toBe(false);
  });
});

describe("DuckDB engine options and lifecycle", () => {
  it("refuses table names that read as paths, collide, or shadow the catalog", async () => {
    const parquet = new Uint8Array();
    for (const name of ["data.csv", "/etc/passwd", "a:b", "", "duckdb_settings", "sqlite_master"]) {
      await expectCode(createDuckDbEngine({ tables: [{ name, parquet }] }), "INVALID_INPUT");
    }
    await expectCode(
      createDuckDbEngine({
        tables: [
          { name: "t", parquet },
          { name: "T", parquet },
        ],
      }),
      "INVALID_INPUT",
    );
  });

  it("refuses a missing Parquet file and bad limits", async () => {
    await expectCode(
      createDuckDbEngine({ tables: [{ name: "t", parquetPath: "/nonexistent/quarry.parquet" }] }),
      "INVALID_INPUT",
    );
    await expectCode(createDuckDbEngine({ tables: [], maxRows: -1 }), "INVALID_INPUT");
    await expectCode(createDuckDbEngine({ tables: [], threads: 0 }), "INVALID_INPUT");
  });

  it("close interrupts a running query and refuses later ones", async () => {
    const engine = await createDuckDbEngine({ tables: await fixtureParquetBytes(engineFixtureTables) });
    const slow = engine.query(
      "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE a.range + b.range < 0",
      {
        timeoutMs: 60_000,
      },
    );
    slow.catch(() => {});
    await new Promise((done) => setTimeout(done, 200));
    const start = performance.now();
    await engine.close();
    expect(performance.now() - start).toBeLessThan(1_500);
    await expect(slow).rejects.toThrow();
    await expectCode(engine.query("SELECT 1"), "QUERY_FAILED");
    await engine.close();
  });

  it("uses default limits from its options", async () => {
    const engine = await createDuckDbEngine({
      tables: await fixtureParquetBytes(engineFixtureTables),
      maxRows: 3,
    });
    try {
      const result = await engine.query("SELECT * FROM range(10)");
      expect([result.rows.length, result.rowCount, result.truncated]).toEqual([3, 10, true]);
    } finally {
      await engine.close();
    }
  });
});
