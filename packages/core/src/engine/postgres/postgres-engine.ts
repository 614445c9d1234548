import { QuarryError } from "../../errors/quarry-error.js";
import type { Json } from "../../model/common.js";
import type { PostgresClient } from "../../store/postgres/postgres-client.js";
import { storageError } from "../../store/postgres/storage-error.js";
import { asciiLower } from "../guard/forbidden-functions.js";
import { loadPgParser } from "../guard/pg-parser.js";
import { resolveQueryLimits } from "../query-limits.js";
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
  type TableInfo,
} from "../sql-engine.js";
import { countSqlOf, isWrapperOf, limitedSqlOf } from "./pg-capped-sql.js";
import { isSystemSchemaName } from "./pg-forbidden.js";
import { introspectSchema } from "./pg-introspect.js";
import { PgTypeCache, toQueryError } from "./pg-result.js";
import { QueryControl, type ReadOnlyTransaction, readOnlyRunner } from "./pg-session.js";
import { type CheckedPostgresStatement, checkPostgresSql } from "./postgres-guard.js";

/** Options of {@link createPostgresEngine}. */
export interface PostgresEngineOptions {
  /** The schema whose tables queries read; default `public`. Unqualified names resolve only here. */
  schema?: string;
  /**
   * The allow-list: the tables and views queries may read, named exactly as stored (`Customers`, not
   * `customers`). Default: every table and view of the schema the role may read.
   */
  tables?: readonly string[];
  /** Default timeout of a query; default {@link defaultQueryLimits}. */
  timeoutMs?: number;
  /** Default row cap of a query; default {@link defaultQueryLimits}. */
  maxRows?: number;
}

/** The Postgres engine: an existing database, read-only. */
export interface PostgresEngine extends SqlEngine {
  readonly dialect: "postgres";
  /** The schema the engine reads. */
  readonly schema: string;
  /**
   * Whether the connected role looked read-only when the engine started: no superuser, no `CREATE` on the
   * schema, no `INSERT`/`UPDATE`/`DELETE`/`TRUNCATE` on any allowed table. The engine runs either way (the
   * guard and READ ONLY transactions hold), but a host should connect through a read-only role: it is what
   * stops what no guard can (a superuser may `COPY … TO PROGRAM` even in a READ ONLY transaction).
   */
  readonly readOnlyRole: boolean;
  /**
   * One allowed table, or `NOT_FOUND`. Matches as SQL would read the name: `"Customers"` (quoted) exactly;
   * otherwise the name as given, then folded to lower case as PostgreSQL folds unquoted names, then the one
   * table whose name differs only in case. Tables whose names differ only in case must be asked for exactly.
   */
  describeTable(name: string): Promise<TableInfo>;
}

const unguarded = new WeakMap<PostgresEngine, (sql: string) => Promise<Json[][]>>();

/**
 * Creates a SqlEngine over an existing PostgreSQL database, for chatting with its tables. `client` is any
 * client shaped like `{ query(sql, params) }`: a `pg.Pool` (recommended), a `pg.Client`, or PGlite. Quarry
 * imports no driver; the guard needs the optional peer dependency `libpg-query` (PostgreSQL's own parser).
 *
 * Every query is checked by {@link checkPostgresSql}, then runs in a `BEGIN READ ONLY` transaction with
 * `SET LOCAL` `statement_timeout`, `lock_timeout`, `idle_in_transaction_session_timeout` and a `search_path`
 * of the engine's schema alone, and is rolled back. Rows are capped (`LIMIT maxRows + 1` around the
 * statement) and counted with `count(*)` over the statement only when cut (see pg-capped-sql.ts).
 *
 * Stopping a query depends on the client:
 * - `pg.Pool`: each query has a connection of its own; a timeout or abort closes that connection at once
 *   (it is never reused) and cancels the running statement with `pg_cancel_backend` from another pooled
 *   connection, so the server stops within a second. A pool with a free slot cancels fastest.
 * - a single `pg.Client`: queries wait their turn; with no second connection to cancel from, a statement
 *   stops at its `statement_timeout`, and an abort only rejects the caller's promise at once.
 * - PGlite: queries wait their turn, and a running statement cannot be interrupted: PGlite runs in this
 *   thread (it blocks the event loop while it works) and, as measured with 0.5.14, does not fire
 *   `statement_timeout`. Timeouts and aborts take effect between statements only. Use PGlite for
 *   development and tests, a server for untrusted workloads.
 *
 * Schema and row counts are read once, at creation (see {@link introspectSchema}); tables are matched as
 * described at {@link PostgresEngine.describeTable}. `close()` stops running queries but leaves the client
 * open: it belongs to the host.
 *
 * Connect through a read-only role (`GRANT SELECT` on the tables, nothing else); {@link
 * PostgresEngine.readOnlyRole} says whether the role looks like one.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * const pool = new pg.Pool({ connectionString: process.env.READONLY_DATABASE_URL });
 * const engine = await createPostgresEngine(pool, { schema: "sales", tables: ["orders", "Customers"] });
 * const result = await engine.query(`SELECT count(*) FROM orders`, { timeoutMs: 5_000 });
 * ```
 */
export async function createPostgresEngine(
  client: PostgresClient,
  options: PostgresEngineOptions = {},
): Promise<PostgresEngine> {
  const schema = options.schema ?? "public";
  if (schema === "" || isSystemSchemaName(schema)) {
    throw new QuarryError("INVALID_INPUT", `The schema ${JSON.stringify(schema)} cannot be queried.`);
  }
  const defaults = resolveQueryLimits(options);
  const parse = await loadPgParser();
  const runner = readOnlyRunner(client);
  const introspected = await introspectSchema(runner.run, schema, options.tables, defaults.timeoutMs).catch(
    (error: unknown) => {
      throw storageError(error);
    },
  );
  const tables = introspected.tables;
  const allowed = tables.map((table) => table.name);
  const types = new PgTypeCache();
  const running = new Set<Promise<unknown>>();
  const controls = new Set<QueryControl>();
  let closed = false;

  /** Caps and counts one guarded statement inside its transaction. */
  async function cappedRun(
    tx: ReadOnlyTransaction,
    checked: CheckedPostgresStatement,
    maxRows: number,
    watchdog: QueryWatchdog,
    deadline: number,
  ): Promise<Omit<QueryResult, "durationMs">> {
    const limit = (text: string) => limitedSqlOf(text, maxRows + 1);
    const limited = limit(checked.text);
    const wrapped = await isWrapperOf(parse, limit, limited, checked.statement);
    watchdog.throwIfStopped();
    const raw = await tx.run(wrapped ? limited : checked.text);
    let rowCount = raw.rows.length;
    const truncated = rowCount > maxRows;
    raw.rows = raw.rows.slice(0, maxRows);
    const counting = countSqlOf(checked.text);
    if (truncated && wrapped && (await isWrapperOf(parse, countSqlOf, counting, checked.statement))) {
      // Each statement gets its own statement_timeout: give the count only what is left.
      const left = Math.max(1, Math.ceil(deadline - performance.now()));
      watchdog.throwIfStopped();
      await tx.run("SELECT pg_catalog.set_config('statement_timeout', $1, true)", [String(left)]);
      rowCount = Number((await tx.run(counting)).rows[0]?.[0]);
    }
    watchdog.throwIfStopped();
    const converted = await types.convert(tx, raw);
    return { ...converted, rowCount, truncated };
  }

  const engine: PostgresEngine = {
    dialect: "postgres",
    schema,
    readOnlyRole: introspected.readOnlyRole,
    async listTables() {
      return structuredClone(tables);
    },
    async describeTable(name) {
      const table = findTable(tables, name);
      if (!table) throw new QuarryError("NOT_FOUND", `There is no table ${JSON.stringify(name)}.`);
      return structuredClone(table);
    },
    async check(sql): Promise<GuardResult> {
      return { tables: (await checkPostgresSql(sql, allowed, schema)).tables };
    },
    async query(sql, queryOptions: QueryOptions = {}): Promise<QueryResult> {
      const { timeoutMs, maxRows } = resolveQueryLimits(queryOptions, defaults);
      if (closed) throw new QuarryError("QUERY_FAILED", "The engine is closed.");
      if (queryOptions.signal?.aborted) throw new QuarryError("ABORTED", "The query was aborted.");
      const started = performance.now();
      const checked = await checkPostgresSql(sql, allowed, schema);
      const control = new QueryControl();
      const watchdog = startQueryWatchdog({
        timeoutMs,
        signal: queryOptions.signal,
        interrupt: () => control.stop(),
      });
      const deadline = started + timeoutMs;
      const work = runner.run(
        { timeoutMs, schema },
        (tx) => cappedRun(tx, checked, maxRows, watchdog, deadline),
        control,
      );
      controls.add(control);
      // A stopped query is over for its caller at once; the engine still waits for it (and for the cancel
      // sent to the server) to wind down before close() returns.
      const settled: Promise<unknown> = work
        .catch(() => undefined)
        .then(() => {
          watchdog.dispose();
          return control.background;
        })
        .finally(() => {
          controls.delete(control);
          running.delete(settled);
        });
      running.add(settled);
      return resultOrStop(work, watchdog, started, toQueryError);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const control of controls) control.stop();
      await settleRunning(running, closeGraceMs);
    },
  };

  unguarded.set(engine, async (sql) => {
    try {
      return await runner.run({ timeoutMs: defaults.timeoutMs, schema }, async (tx) => {
        const raw = await tx.run(sql);
        return (await types.convert(tx, raw)).rows;
      });
    } catch (error) {
      throw toQueryError(error);
    }
  });
  return engine;
}

/**
 * Runs SQL in the engine's READ ONLY transaction without the guard, to prove in tests that the transaction
 * alone refuses writes. Not exported from `@quarry/core/postgres`.
 * @internal
 */
export async function runUnguardedForTesting(engine: PostgresEngine, sql: string): Promise<Json[][]> {
  const run = unguarded.get(engine);
  if (!run) throw new Error("not a Postgres engine made by createPostgresEngine");
  return run(sql);
}

function findTable(tables: readonly TableInfo[], name: string): TableInfo | undefined {
  const quoted = /^"(.+)"$/s.exec(name)?.[1];
  if (quoted !== undefined) return tables.find((t) => t.name === quoted.replace(/""/g, '"'));
  const exact = tables.find((t) => t.name === name) ?? tables.find((t) => t.name === asciiLower(name));
  if (exact) return exact;
  const loose = tables.filter((t) => asciiLower(t.name) === asciiLower(name));
  return loose.length === 1 ? loose[0] : undefined;
}
