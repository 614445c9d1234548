import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { QuarryError } from "../../errors/quarry-error.js";
import { type CheckedStatement, checkDuckDbSql, type DuckDbGuardPolicy } from "../guard/duckdb-guard.js";
import { asciiLower } from "../guard/forbidden-functions.js";
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
import { runCappedQuery } from "./capped-query.js";
import { countSqlOf, isCountOf } from "./count-sql.js";
import { type DuckDbTableSource, openLockedDuckDb, removePrivateDirectory } from "./duckdb-lockdown.js";
import { duckDbNodeParser } from "./duckdb-parser.js";

export type { DuckDbTableSource } from "./duckdb-lockdown.js";

/** Options of {@link createDuckDbEngine}. */
export interface DuckDbEngineOptions {
  /** The session's tables: the only ones its queries may read. Names must be unique case-insensitively. */
  tables: readonly DuckDbTableSource[];
  /** DuckDB's memory limit, e.g. `"512MB"`; default `"1GB"`. */
  memoryLimit?: string;
  /** Worker threads for this engine; default 2. */
  threads?: number;
  /** Where DuckDB spills when over its memory limit; `null` disables spilling. Default: a private directory. */
  tempDirectory?: string | null;
  /** Default timeout of a query; default {@link defaultQueryLimits}. */
  timeoutMs?: number;
  /** Default row cap of a query; default {@link defaultQueryLimits}. */
  maxRows?: number;
}

/** The DuckDB native engine. */
export interface DuckDbEngine extends SqlEngine {
  readonly dialect: "duckdb";
}

const unguarded = new WeakMap<DuckDbEngine, (sql: string) => Promise<unknown[][]>>();

/**
 * Creates a DuckDB engine over a session's Parquet tables, in its own in-memory DuckDB locked down before
 * any outside SQL runs (see {@link openLockedDuckDb}). Each query gets its own connection, so concurrent
 * queries run side by side and an interrupted one affects no other.
 *
 * @example
 * ```ts
 * const engine = await createDuckDbEngine({ tables: [{ name: "sales", parquetPath: "/data/sales.parquet" }] });
 * const result = await engine.query("SELECT region, sum(amount) FROM sales GROUP BY region", { maxRows: 100 });
 * await engine.close();
 * ```
 */
export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
  const defaults = resolveQueryLimits(options);
  const locked = await openLockedDuckDb({
    tables: options.tables,
    memoryLimit: options.memoryLimit ?? "1GB",
    threads: checkLimit("threads", options.threads ?? 2, 1),
    tempDirectory: options.tempDirectory,
  });
  const { instance, tables, directory } = locked;
  const policy: DuckDbGuardPolicy = {
    allowedTables: tables.map((t) => t.name),
    databaseName: locked.databaseName,
  };
  const running = new Set<Promise<unknown>>();
  const connections = new Set<DuckDBConnection>();
  let closed = false;

  const connect = async (): Promise<DuckDBConnection> => {
    if (closed) throw new QuarryError("QUERY_FAILED", "The engine is closed.");
    const connection = await instance.connect();
    connections.add(connection);
    return connection;
  };
  const release = (connection: DuckDBConnection) => {
    connections.delete(connection);
    connection.closeSync();
  };

  const engine: DuckDbEngine = {
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
      const connection = await connect();
      try {
        return { tables: (await checkDuckDbSql(duckDbNodeParser(connection), sql, policy)).tables };
      } finally {
        release(connection);
      }
    },
    async query(sql, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const { timeoutMs, maxRows } = resolveQueryLimits(queryOptions, defaults);
      if (queryOptions.signal?.aborted) throw new QuarryError("ABORTED", "The query was aborted.");
      const started = performance.now();
      const connection = await connect();
      const watchdog = startQueryWatchdog({
        timeoutMs,
        signal: queryOptions.signal,
        interrupt: () => connection.interrupt(),
      });
      const work = guardedRun(connection, sql, maxRows, watchdog);
      const settled: Promise<unknown> = work
        .catch(() => undefined)
        .finally(() => {
          watchdog.dispose();
          release(connection);
          running.delete(settled);
        });
      running.add(settled);
      return resultOrStop(work, watchdog, started, toQueryError);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const connection of connections) connection.interrupt();
      await settleRunning(running, closeGraceMs);
      instance.closeSync();
      await removePrivateDirectory(directory);
    },
  };

  /** Guard, run with the cap, and count: all on the query's own connection, under its watchdog. */
  async function guardedRun(
    connection: DuckDBConnection,
    sql: string,
    maxRows: number,
    watchdog: QueryWatchdog,
  ) {
    const checked = await checkDuckDbSql(duckDbNodeParser(connection), sql, policy);
    return runCappedQuery(connection, sql, {
      maxRows,
      throwIfStopped: () => watchdog.throwIfStopped(),
      countSql: () => exactCountSql(instance, sql, checked),
    });
  }

  unguarded.set(engine, async (sql) => {
    const connection = await connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowsJson();
    } finally {
      release(connection);
    }
  });
  return engine;
}

/**
 * Runs SQL on an engine's instance without the guard, to prove in tests that the lockdown alone holds.
 * Not exported from `@quarry/core/duckdb`.
 * @internal
 */
export async function runUnguardedForTesting(engine: DuckDbEngine, sql: string): Promise<unknown[][]> {
  const run = unguarded.get(engine);
  if (!run) throw new Error("not a DuckDB engine made by createDuckDbEngine");
  return run(sql);
}

/** A count statement whose parse is exactly `count(*)` over the accepted statement, or `undefined`. */
async function exactCountSql(
  instance: DuckDBInstance,
  sql: string,
  checked: CheckedStatement,
): Promise<string | undefined> {
  const countSql = countSqlOf(sql);
  // A connection of its own: the query's connection still holds the stream this may fall back to.
  const connection = await instance.connect();
  try {
    const parsed = JSON.parse(await duckDbNodeParser(connection).serializeSql(countSql)) as {
      statements?: unknown[];
    };
    const statements = parsed.statements ?? [];
    return statements.length === 1 && isCountOf(statements[0], checked.statement) ? countSql : undefined;
  } catch {
    return undefined;
  } finally {
    connection.closeSync();
  }
}

/**
 * DuckDB's own message goes back to the model to repair the query. A Permission Error means the lockdown
 * stopped something the guard let through, which is unsafe SQL, not a failed query.
 */
function toQueryError(error: unknown): QuarryError {
  if (QuarryError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^Permission Error/i.test(message)) return new QuarryError("UNSAFE_SQL", message, { cause: error });
  if (/^INTERRUPT/i.test(message))
    return new QuarryError("ABORTED", "The query was interrupted.", { cause: error });
  return new QuarryError("QUERY_FAILED", message, { cause: error });
}
