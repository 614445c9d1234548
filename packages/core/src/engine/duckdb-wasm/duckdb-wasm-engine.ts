import { QuarryError } from "../../errors/quarry-error.js";
import type { DuckDbSqlParser } from "../guard/duckdb-guard.js";
import { asciiLower } from "../guard/forbidden-functions.js";
import type { PgQueryWasmSource } from "../guard/pg-query-wasm.js";
import { checkLimit, resolveQueryLimits } from "../query-limits.js";
import {
  closeGraceMs,
  type QueryWatchdog,
  resultOrStop,
  settleRunning,
  startQueryWatchdog,
} from "../query-watchdog.js";
import {
  defaultQueryLimits,
  type GuardResult,
  type QueryOptions,
  type QueryResult,
  type SqlEngine,
} from "../sql-engine.js";
import { instantiateDuckDbWasm } from "./instantiate-bundle.js";
import { runWasmCappedQuery } from "./wasm-capped-query.js";
import { ConnectionPool } from "./wasm-connection-pool.js";
import type { DuckDbWasmBundle, DuckDbWasmDatabase } from "./wasm-database.js";
import { createWasmGuard, type DuckDbWasmSqlGuard, type WasmGuard } from "./wasm-guard.js";
import { type DuckDbWasmTableSource, openLockedWasmDb } from "./wasm-lockdown.js";

/** Options of {@link createDuckDbWasmEngine}. */
export type DuckDbWasmEngineOptions = DuckDbWasmEngineSource & {
  /** The session's tables: the only ones its queries may read. Names must be unique case-insensitively. */
  tables: readonly DuckDbWasmTableSource[];
  /**
   * DuckDB's own parser for the full DuckDB guard when this DuckDB-WASM build has no `json_serialize_sql`
   * (the stock `@duckdb/duckdb-wasm` bundles no json extension and must not download one) — in Node, e.g.
   * `duckDbNodeParser` of `@quarry/core/duckdb` over native DuckDB. Ignored when the build can parse
   * itself. Without either, the engine guards with PostgreSQL's parser instead (see `sqlGuard`).
   */
  parser?: DuckDbSqlParser;
  /**
   * Where the portable guard loads libpg-query's WebAssembly from (optional peer dependency
   * `libpg-query`), when the engine needs it (no `json_serialize_sql`, no `parser`). In a browser pass the
   * URL your bundler gives `libpg-query/wasm/libpg-query.wasm` (Vite: `import url from
   * "libpg-query/wasm/libpg-query.wasm?url"`), or its bytes; without it the module is fetched as
   * `libpg-query.wasm` relative to the page (or beside the package in Node). Loaded once per source, on
   * first use.
   */
  libpgQueryWasm?: PgQueryWasmSource;
  /** Default timeout of a query; default {@link defaultQueryLimits}. */
  timeoutMs?: number;
  /** Default row cap of a query; default {@link defaultQueryLimits}. */
  maxRows?: number;
  /** DuckDB's memory limit, e.g. `"512MB"`; default `"1GB"`. */
  memoryLimit?: string;
  /** DuckDB threads; default 1 (only the `coi` bundle runs more than one). */
  threads?: number;
};

/**
 * Where the engine's DuckDB-WASM comes from: an instantiated `AsyncDuckDB` (e.g. from
 * `createNodeDuckDbWasm` of `@quarry/core/duckdb-wasm/node`), or a bundle the engine starts in a Web Worker.
 * Either way the engine owns it: it opens a fresh in-memory database in it and terminates it on close.
 */
export type DuckDbWasmEngineSource =
  | { db: DuckDbWasmDatabase; bundle?: never }
  | { bundle: DuckDbWasmBundle; db?: never };

/** The DuckDB-WASM engine. */
export interface DuckDbWasmEngine extends SqlEngine {
  readonly dialect: "duckdb";
  /**
   * Which parser guards the SQL: `"duckdb"` (DuckDB's own, through `json_serialize_sql` or the `parser`
   * option: every DuckDB query form) or `"portable"` (PostgreSQL's grammar: standard SQL only — DuckDB-only
   * syntax such as QUALIFY, PIVOT or FROM-first is refused with `UNSAFE_SQL`). Worth telling the model.
   */
  readonly sqlGuard: DuckDbWasmSqlGuard;
}

const unguarded = new WeakMap<DuckDbWasmEngine, (sql: string) => Promise<unknown[][]>>();

/**
 * Creates a DuckDB-WASM engine over a session's tables, locked down before any outside SQL runs (see
 * {@link openLockedWasmDb}). Every statement passes a guard first: the shared DuckDB guard when the build
 * can parse (`json_serialize_sql`) or a `parser` is given, else the portable guard, which reads the SQL
 * with PostgreSQL's parser (libpg-query, loaded on first need), applies DuckDB's rules to the tree, and
 * checks that DuckDB's own tokenizer splits the text exactly as PostgreSQL's scanner does.
 *
 * Queries run as DuckDB-WASM pending queries: the single worker executes them in slices and answers other
 * messages in between, so concurrent queries interleave, and a timeout or abort cancels the query at the next
 * slice boundary. A slice is one DuckDB task and usually lasts well under a second, but cannot be cut short:
 * the caller gets `QUERY_TIMEOUT`/`ABORTED` at once, while the worker is free again only after that slice.
 *
 * The stock `@duckdb/duckdb-wasm` 1.32 build cannot parse for the guard (no json extension), so in a
 * browser the portable guard is the one that runs: standard SQL only (see {@link DuckDbWasmEngine.sqlGuard}).
 *
 * @example
 * ```ts
 * const engine = await createDuckDbWasmEngine({
 *   db: await createNodeDuckDbWasm(), // in a browser: bundle: { mainModule: wasmUrl, mainWorker: workerUrl }
 *   libpgQueryWasm, // in a browser: the URL of libpg-query/wasm/libpg-query.wasm
 *   tables: [{ name: "sales", parquet: bytes }],
 * });
 * const result = await engine.query("SELECT region, sum(amount) FROM sales GROUP BY region");
 * await engine.close();
 * ```
 */
export async function createDuckDbWasmEngine(options: DuckDbWasmEngineOptions): Promise<DuckDbWasmEngine> {
  const defaults = resolveQueryLimits(options);
  const threads = checkLimit("threads", options.threads ?? 1, 1);
  const db = options.db !== undefined ? options.db : await instantiateDuckDbWasm(options.bundle);
  const pool = new ConnectionPool(db);
  let locked: Awaited<ReturnType<typeof openLockedWasmDb>>;
  let guard: WasmGuard;
  try {
    locked = await openLockedWasmDb(db, {
      tables: options.tables,
      memoryLimit: options.memoryLimit ?? "1GB",
      threads,
    });
    guard = await createWasmGuard({
      db,
      policy: { allowedTables: locked.tables.map((t) => t.name), databaseName: locked.databaseName },
      ownParser: locked.ownParser,
      parser: options.parser,
      libpgQueryWasm: options.libpgQueryWasm,
      // The build's own parser runs on a connection of its own, never on a query's.
      withConnection: async (use) => {
        const connection = await pool.acquire();
        try {
          return await use(connection);
        } finally {
          pool.release(connection, true);
        }
      },
    });
  } catch (error) {
    await db.terminate().catch(() => undefined);
    throw error;
  }
  const { tables } = locked;
  const running = new Set<Promise<unknown>>();
  const watchdogs = new Set<QueryWatchdog>();
  // DuckDB-WASM never settles the calls a terminated worker still owed, so close settles the queries itself.
  let closing: (error: QuarryError) => void = () => {};
  const closed = new Promise<never>((_, reject) => {
    closing = reject;
  });
  closed.catch(() => {});

  const engine: DuckDbWasmEngine = {
    dialect: "duckdb",
    sqlGuard: guard.kind,
    async listTables() {
      return structuredClone(tables);
    },
    async describeTable(name) {
      const table = tables.find((t) => asciiLower(t.name) === asciiLower(name));
      if (!table) throw new QuarryError("NOT_FOUND", `There is no table ${JSON.stringify(name)}.`);
      return structuredClone(table);
    },
    async check(sql): Promise<GuardResult> {
      if (pool.closed) throw new QuarryError("QUERY_FAILED", "The engine is closed.");
      return { tables: (await guard.check(sql)).tables };
    },
    async query(sql, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const { timeoutMs, maxRows } = resolveQueryLimits(queryOptions, defaults);
      if (queryOptions.signal?.aborted) throw new QuarryError("ABORTED", "The query was aborted.");
      const started = performance.now();
      const connection = await pool.acquire();
      const watchdog = startQueryWatchdog({
        timeoutMs,
        signal: queryOptions.signal,
        interrupt: () => void connection.cancelSent().catch(() => false),
      });
      watchdogs.add(watchdog);
      const work = guardedRun(sql, maxRows, watchdog, connection);
      const settled: Promise<unknown> = work
        .then(
          () => true,
          () => false,
        )
        .then((ok) => {
          watchdog.dispose();
          watchdogs.delete(watchdog);
          // A stopped or failed query may leave a result behind on its connection; it is not reused.
          pool.release(connection, ok && watchdog.error === undefined);
          running.delete(settled);
        });
      running.add(settled);
      return resultOrStop(work, watchdog, started, toQueryError, [closed]);
    },
    async close() {
      if (pool.closed) return;
      pool.closed = true;
      for (const connection of pool.inUse) void connection.cancelSent().catch(() => false);
      await settleRunning(running, closeGraceMs);
      closing(new QuarryError("ABORTED", "The engine was closed."));
      // Queries the worker never answered would otherwise keep re-sending cancels to a dead worker.
      for (const watchdog of watchdogs) watchdog.dispose();
      await pool.closeIdle();
      await db.terminate().catch(() => undefined);
    },
  };

  async function guardedRun(
    sql: string,
    maxRows: number,
    watchdog: QueryWatchdog,
    connection: Parameters<typeof runWasmCappedQuery>[0],
  ) {
    const checked = await guard.check(sql);
    return runWasmCappedQuery(connection, sql, {
      maxRows,
      throwIfStopped: () => watchdog.throwIfStopped(),
      countSql: () => checked.countSql(),
    });
  }

  unguarded.set(engine, async (sql) => {
    const connection = await pool.acquire();
    try {
      const options = { maxRows: 10_000, throwIfStopped: () => {}, countSql: async () => undefined };
      return (await runWasmCappedQuery(connection, sql, options)).rows;
    } finally {
      pool.release(connection, false);
    }
  });
  return engine;
}

/**
 * Runs SQL on an engine's database without the guard, to prove in tests that the lockdown alone holds.
 * Not exported from `@quarry/core/duckdb-wasm`.
 * @internal
 */
export async function runUnguardedWasmForTesting(
  engine: DuckDbWasmEngine,
  sql: string,
): Promise<unknown[][]> {
  const run = unguarded.get(engine);
  if (!run) throw new Error("not an engine made by createDuckDbWasmEngine");
  return run(sql);
}

/**
 * DuckDB's own message goes back to the model to repair the query. A Permission Error means the lockdown
 * stopped something the guard let through, which is unsafe SQL, not a failed query.
 */
function toQueryError(error: unknown): QuarryError {
  if (QuarryError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^Permission Error/i.test(message)) return new QuarryError("UNSAFE_SQL", message, { cause: error });
  if (/query was canceled/i.test(message)) {
    return new QuarryError("ABORTED", "The query was canceled.", { cause: error });
  }
  return new QuarryError("QUERY_FAILED", message, { cause: error });
}
