import { QuarryError } from "../../errors/quarry-error.js";
import { countSqlOf, isCountOf } from "../duckdb/capped-query.js";
import { type QueryWatchdog, startQueryWatchdog } from "../duckdb/query-watchdog.js";
import {
  type CheckedStatement,
  checkDuckDbSql,
  type DuckDbGuardPolicy,
  type DuckDbSqlParser,
} from "../guard/duckdb-guard.js";
import { asciiLower } from "../guard/forbidden-functions.js";
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
import { type DuckDbWasmTableSource, openLockedWasmDb } from "./wasm-lockdown.js";
import { duckDbWasmParser } from "./wasm-parser.js";

/** Options of {@link createDuckDbWasmEngine}. */
export type DuckDbWasmEngineOptions = DuckDbWasmEngineSource & {
  /** The session's tables: the only ones its queries may read. Names must be unique case-insensitively. */
  tables: readonly DuckDbWasmTableSource[];
  /**
   * The guard's parser when this DuckDB-WASM build has no `json_serialize_sql`: the stock
   * `@duckdb/duckdb-wasm` bundles no json extension and must not download one. In Node, DuckDB's own parser
   * from the native engine (`duckDbNodeParser` of `@quarry/core/duckdb`) fits. When the build can parse,
   * its own parser is used and this is ignored; when neither exists the engine refuses to start.
   */
  parser?: DuckDbSqlParser;
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
export type DuckDbWasmEngineSource = { db: DuckDbWasmDatabase; bundle?: never } | { bundle: DuckDbWasmBundle; db?: never };

/** The DuckDB-WASM engine. */
export interface DuckDbWasmEngine extends SqlEngine {
  readonly dialect: "duckdb";
}

/** Settles once a closed engine's last query has wound down, or after this long. */
const closeGraceMs = 2_000;

const unguarded = new WeakMap<DuckDbWasmEngine, (sql: string) => Promise<unknown[][]>>();

/**
 * Creates a DuckDB-WASM engine over a session's tables, locked down before any outside SQL runs (see
 * {@link openLockedWasmDb}). Every statement passes the shared DuckDB guard first.
 *
 * Queries run as DuckDB-WASM pending queries: the single worker executes them in slices and answers other
 * messages in between, so concurrent queries interleave, and a timeout or abort cancels the query at the next
 * slice boundary. A slice is one DuckDB task and usually lasts well under a second, but cannot be cut short:
 * the caller gets `QUERY_TIMEOUT`/`ABORTED` at once, while the worker is free again only after that slice.
 *
 * @example
 * ```ts
 * const engine = await createDuckDbWasmEngine({
 *   bundle: { mainModule: wasmUrl, mainWorker: workerUrl },
 *   tables: [{ name: "sales", parquet: bytes }],
 * });
 * const result = await engine.query("SELECT region, sum(amount) FROM sales GROUP BY region");
 * await engine.close();
 * ```
 */
export async function createDuckDbWasmEngine(options: DuckDbWasmEngineOptions): Promise<DuckDbWasmEngine> {
  const defaults = {
    timeoutMs: checkLimit("timeoutMs", options.timeoutMs ?? defaultQueryLimits.timeoutMs, 1),
    maxRows: checkLimit("maxRows", options.maxRows ?? defaultQueryLimits.maxRows, 0),
  };
  const threads = checkLimit("threads", options.threads ?? 1, 1);
  const db = options.db !== undefined ? options.db : await instantiateDuckDbWasm(options.bundle);
  let locked: Awaited<ReturnType<typeof openLockedWasmDb>>;
  try {
    locked = await openLockedWasmDb(db, { tables: options.tables, memoryLimit: options.memoryLimit ?? "1GB", threads });
    if (!locked.ownParser && !options.parser) {
      throw new QuarryError(
        "INVALID_INPUT",
        "This DuckDB-WASM build cannot parse SQL for the guard (json_serialize_sql needs the json extension); " +
          "pass a parser, or use a build with the json extension linked in.",
      );
    }
  } catch (error) {
    await db.terminate().catch(() => undefined);
    throw error;
  }
  const { tables } = locked;
  const policy: DuckDbGuardPolicy = { allowedTables: tables.map((t) => t.name), databaseName: locked.databaseName };
  const pool = new ConnectionPool(db);
  const running = new Set<Promise<unknown>>();

  /** The guard's parser: the build's own on a connection of its own, else the one given. */
  const withParser = async <T>(use: (parser: DuckDbSqlParser) => Promise<T>): Promise<T> => {
    if (!locked.ownParser && options.parser) return use(options.parser);
    const connection = await pool.acquire();
    try {
      return await use(duckDbWasmParser(connection));
    } finally {
      pool.release(connection, true);
    }
  };
  const guard = (sql: string) => {
    // The worker takes C strings: text after a NUL would be checked here but never reach DuckDB.
    if (sql.includes("\0")) throw new QuarryError("UNSAFE_SQL", "The SQL contains a NUL character.");
    return withParser((parser) => checkDuckDbSql(parser, sql, policy));
  };

  const engine: DuckDbWasmEngine = {
    dialect: "duckdb",
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
      return { tables: (await guard(sql)).tables };
    },
    async query(sql, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const timeoutMs = checkLimit("timeoutMs", queryOptions.timeoutMs ?? defaults.timeoutMs, 1);
      const maxRows = checkLimit("maxRows", queryOptions.maxRows ?? defaults.maxRows, 0);
      if (queryOptions.signal?.aborted) throw new QuarryError("ABORTED", "The query was aborted.");
      const started = performance.now();
      const connection = await pool.acquire();
      const watchdog = startQueryWatchdog({
        timeoutMs,
        signal: queryOptions.signal,
        interrupt: () => void connection.cancelSent().catch(() => false),
      });
      const work = guardedRun(sql, maxRows, watchdog, connection);
      const settled: Promise<unknown> = work
        .then(
          () => true,
          () => false,
        )
        .then((ok) => {
          watchdog.dispose();
          // A stopped or failed query may leave a result behind on its connection; it is not reused.
          pool.release(connection, ok && watchdog.error === undefined);
          running.delete(settled);
        });
      running.add(settled);
      try {
        const result = await Promise.race([work, watchdog.stopped]);
        return { ...result, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        throw watchdog.error ?? toQueryError(error);
      }
    },
    async close() {
      if (pool.closed) return;
      pool.closed = true;
      for (const connection of pool.inUse) void connection.cancelSent().catch(() => false);
      const grace = new Promise((done) => setTimeout(done, closeGraceMs));
      await Promise.race([Promise.allSettled([...running]), grace]);
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
    const checked = await guard(sql);
    return runWasmCappedQuery(connection, sql, {
      maxRows,
      throwIfStopped: () => watchdog.throwIfStopped(),
      countSql: () => exactCountSql(sql, checked),
    });
  }

  /** A count statement whose parse is exactly `count(*)` over the accepted statement, or `undefined`. */
  async function exactCountSql(sql: string, checked: CheckedStatement): Promise<string | undefined> {
    const countSql = countSqlOf(sql);
    try {
      const text = await withParser((parser) => parser.serializeSql(countSql));
      const statements = (JSON.parse(text) as { statements?: unknown[] }).statements ?? [];
      return statements.length === 1 && isCountOf(statements[0], checked.statement) ? countSql : undefined;
    } catch {
      return undefined;
    }
  }

  unguarded.set(engine, async (sql) => {
    const connection = await pool.acquire();
    try {
      const table = await connection.query(sql);
      return table.toArray().map((row) => Object.values((row as { toJSON(): object }).toJSON()));
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
export async function runUnguardedWasmForTesting(engine: DuckDbWasmEngine, sql: string): Promise<unknown[][]> {
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

function checkLimit(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new QuarryError("INVALID_INPUT", `${name} must be an integer of at least ${min}.`);
  }
  return value;
}
