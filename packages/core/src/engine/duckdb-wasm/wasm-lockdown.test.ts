import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Table, tableFromArrays, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engineFixtureTables } from "../../testing/engine/fixture-tables.js";
import { hostileSql, pwnedPathPrefix } from "../../testing/engine/hostile-sql.js";
import { expectCode } from "../../testing/store/harness.js";
import { fixtureParquetBytes } from "../duckdb/fixture-parquet.js";
import {
  createDuckDbWasmEngine,
  type DuckDbWasmEngine,
  runUnguardedWasmForTesting,
} from "./duckdb-wasm-engine.js";
import { createNativeTestParser } from "./native-test-parser.js";
import { createNodeDuckDbWasm, WorkerPort } from "./node-loader.js";
import type { DuckDbWasmDatabase } from "./wasm-database.js";

let parser: Awaited<ReturnType<typeof createNativeTestParser>>;
beforeAll(async () => {
  parser = await createNativeTestParser();
});
afterAll(() => parser.close());

describe("DuckDB-WASM engine lockdown (no guard)", () => {
  let engine: DuckDbWasmEngine;
  const networkAttempts: string[] = [];
  const unguarded = (sql: string) => runUnguardedWasmForTesting(engine, sql);

  beforeAll(async () => {
    const tables = await fixtureParquetBytes(engineFixtureTables);
    const db = await createNodeDuckDbWasm({ onNetworkAttempt: (what) => networkAttempts.push(what) });
    engine = await createDuckDbWasmEngine({ db, tables, parser: parser.parser });
  });
  afterAll(() => engine.close());

  it("is locked down before any outside SQL runs", async () => {
    const [row] = await unguarded(
      `SELECT current_setting('enable_external_access'), current_setting('lock_configuration'),
        current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions'),
        current_setting('allow_community_extensions'), current_setting('allow_persistent_secrets'),
        current_setting('threads'), current_setting('memory_limit')`,
    );
    expect(row).toEqual([false, true, false, false, false, false, 1, "953.6 MiB"]);
  });

  it("holds real tables, no views and no registered files", async () => {
    expect(await unguarded("SELECT table_name FROM duckdb_tables() ORDER BY 1")).toEqual([
      ["Customers"],
      ["orders"],
    ]);
    expect(await unguarded("SELECT count(*) FROM duckdb_views() WHERE NOT internal")).toEqual([[0]]);
  });

  it.each([
    ["SET", "SET enable_external_access = true"],
    ["RESET", "RESET lock_configuration"],
    ["SET autoload", "SET autoload_known_extensions = true"],
    ["PRAGMA", "PRAGMA threads = 4"],
    ["read_csv", "SELECT * FROM read_csv('/etc/passwd')"],
    ["read_text", "SELECT * FROM read_text('/etc/hostname')"],
    ["a URL", "SELECT * FROM read_csv('https://example.com/data.csv')"],
    ["glob", "SELECT * FROM glob('/*')"],
    ["COPY", `COPY (SELECT 1) TO '/tmp/${pwnedPathPrefix}wasm-lockdown.csv'`],
    ["ATTACH", `ATTACH '/tmp/${pwnedPathPrefix}wasm-lockdown.db' AS pwned`],
    ["LOAD", "LOAD json"],
    ["EXPORT", `EXPORT DATABASE '/tmp/${pwnedPathPrefix}wasm-lockdown-export'`],
  ])("refuses %s even without the guard", async (_, sql) => {
    await expect(unguarded(sql)).rejects.toThrow();
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
      if (
        await unguarded(sql).then(
          () => true,
          () => false,
        )
      )
        ran.push(sql);
    }
    // Two run in DuckDB-WASM and touch nothing: INSTALL only notes a repository (LOAD fetches, and is
    // refused), and duckdb_extensions() lists extensions without the extension directory native DuckDB
    // reads. The guard refuses both regardless.
    const harmless = /^(FORCE )?INSTALL |^SELECT \* FROM duckdb_extensions\(\)$/i;
    expect(ran.filter((sql) => !harmless.test(sql))).toEqual([]);
    await expect(unguarded("LOAD httpfs")).rejects.toThrow(/Permission Error/);
    expect(networkAttempts).toEqual([]);
    expect(
      existsSync(`/tmp/${pwnedPathPrefix}copy.csv`) || existsSync(`${pwnedPathPrefix}relative.csv`),
    ).toBe(false);
  });
});

describe("DuckDB-WASM engine options and lifecycle", () => {
  /** A stand-in database: options and sources are checked before DuckDB would be asked anything. */
  const unstarted = (): DuckDbWasmDatabase => ({
    open: vi.fn(async () => {}),
    connect: vi.fn(async () => ({
      query: async () => new Table(),
      send: async () => {
        throw new Error("not started");
      },
      cancelSent: async () => false,
      insertArrowFromIPCStream: async () => {},
      close: async () => {},
    })),
    terminate: vi.fn(async () => {}),
  });

  it("refuses table names that read as paths, collide or shadow the catalog, and stops its database", async () => {
    const parquet = new Uint8Array();
    const names = [["data.csv"], ["/etc/passwd"], ["a:b"], [""], ["duckdb_settings"], ["t", "T"]];
    for (const group of names) {
      const db = unstarted();
      const tables = group.map((name) => ({ name, parquet }));
      await expectCode(createDuckDbWasmEngine({ db, tables, parser: parser.parser }), "INVALID_INPUT");
      expect(db.terminate).toHaveBeenCalled();
    }
    await expectCode(createDuckDbWasmEngine({ db: unstarted(), tables: [], maxRows: -1 }), "INVALID_INPUT");
    await expectCode(createDuckDbWasmEngine({ db: unstarted(), tables: [], threads: 0 }), "INVALID_INPUT");
  });

  it("refuses Parquet it cannot read, loads Arrow IPC, and applies default limits", async () => {
    const garbage = [{ name: "t", parquet: new Uint8Array([1, 2, 3]) }];
    const db = unstarted();
    await expectCode(createDuckDbWasmEngine({ db, tables: garbage, parser: parser.parser }), "INVALID_INPUT");
    expect(db.terminate).toHaveBeenCalled();
    const ipc = tableToIPC(
      tableFromArrays({ n: Int32Array.from([1, 2, 3, 4]), s: ["a", "b", "c", "d"] }),
      "stream",
    );
    const engine = await createDuckDbWasmEngine({
      db: await createNodeDuckDbWasm(),
      tables: [{ name: "letters", arrowIpc: ipc }],
      parser: parser.parser,
      maxRows: 3,
    });
    try {
      const result = await engine.query("SELECT n, s FROM letters ORDER BY n");
      expect([result.rows, result.rowCount, result.truncated]).toEqual([
        [
          [1, "a"],
          [2, "b"],
          [3, "c"],
        ],
        4,
        true,
      ]);
      expect((await engine.describeTable("LETTERS")).columns.map((c) => c.type)).toEqual([
        "INTEGER",
        "VARCHAR",
      ]);
    } finally {
      await engine.close();
    }
  });

  it("starts from a bundle in a Web Worker, as browsers do, and needs a Worker to", async () => {
    const require = createRequire(import.meta.url);
    const bundle = {
      mainModule: require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"),
      mainWorker: require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs"),
    };
    await expectCode(createDuckDbWasmEngine({ bundle, tables: [] }), "INVALID_INPUT");
    // Node has no Web Worker; the Node loader's adapter stands in for the browser's.
    vi.stubGlobal("Worker", WorkerPort);
    try {
      const engine = await createDuckDbWasmEngine({ bundle, tables: [], parser: parser.parser });
      expect((await engine.query("SELECT 42 AS answer")).rows).toEqual([[42]]);
      await engine.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("close cancels a running query and refuses later ones", async () => {
    const engine = await createDuckDbWasmEngine({
      db: await createNodeDuckDbWasm(),
      tables: await fixtureParquetBytes(engineFixtureTables),
      parser: parser.parser,
    });
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
    expect(performance.now() - start).toBeLessThan(2_500);
    await expect(slow).rejects.toThrow();
    await expectCode(engine.query("SELECT 1"), "QUERY_FAILED");
    await engine.close();
  });
});
