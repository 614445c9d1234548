import { QuarryError } from "../../errors/quarry-error.js";
import {
  createSqlDatabase,
  type PostgresClient,
  transactionStyle,
} from "../../store/postgres/postgres-client.js";

/** A statement's answer: its columns and its rows as arrays of raw values (text, or null). */
export interface RawResult {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
}

/** Runs statements inside one read-only transaction. */
export interface ReadOnlyTransaction {
  run(text: string, values?: readonly unknown[]): Promise<RawResult>;
}

/** The settings of one transaction. */
export interface TransactionSettings {
  /** `statement_timeout` and `lock_timeout`, in ms. */
  timeoutMs: number;
  /** The only schema (after `pg_catalog`) unqualified names resolve in. */
  schema: string;
}

/**
 * Stops a query from outside its transaction. The engine's watchdog calls {@link QueryControl.stop} (maybe
 * repeatedly); the session attaches what stopping means for its connection once it has one, and anything
 * that outlives the query (a cancel request still on its way) is kept in {@link QueryControl.background}.
 */
export class QueryControl {
  #onStop: (() => void) | undefined;
  #stopped = false;
  #background: Promise<void> = Promise.resolve();

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Settles once the work started by a stop (cancelling the backend) is over. */
  get background(): Promise<void> {
    return this.#background;
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#onStop?.();
  }

  attach(onStop: () => Promise<void>): void {
    this.#onStop = () => {
      this.#background = onStop().catch(() => {});
    };
    if (this.#stopped) this.#onStop();
  }

  detach(): void {
    this.#onStop = undefined;
  }
}

/** Runs a body inside a READ ONLY transaction with the engine's settings, then rolls back. */
export type ReadOnlyRunner = <T>(
  settings: TransactionSettings,
  body: (tx: ReadOnlyTransaction) => Promise<T>,
  control?: QueryControl,
) => Promise<T>;

/**
 * `SET LOCAL` for every setting in one round trip (`set_config(…, true)` is its function form).
 * `search_path` names only the engine's schema: `pg_catalog` is searched
 * first implicitly, `pg_temp` is moved last so a temporary table cannot shadow a table. The format
 * settings fix the text values are read from (pg-values.ts), `standard_conforming_strings` the way the
 * guard's parser read the SQL.
 */
const settingsSql = `SELECT pg_catalog.set_config('statement_timeout', $1, true),
  pg_catalog.set_config('lock_timeout', $1, true),
  pg_catalog.set_config('idle_in_transaction_session_timeout', $2, true),
  pg_catalog.set_config('search_path', $3, true),
  pg_catalog.set_config('standard_conforming_strings', 'on', true),
  pg_catalog.set_config('DateStyle', 'ISO, YMD', true),
  pg_catalog.set_config('bytea_output', 'hex', true),
  pg_catalog.set_config('extra_float_digits', '1', true)`;

/** A stalled client (a crashed host between statements) loses its transaction this long after the timeout. */
const idleGraceMs = 5_000;

function settingsParams({ timeoutMs, schema }: TransactionSettings): string[] {
  return [String(timeoutMs), String(timeoutMs + idleGraceMs), `"${schema.replace(/"/g, '""')}", pg_temp`];
}

interface PGliteLike extends PostgresClient {
  parsers?: Record<string, unknown>;
  transaction<T>(body: (tx: PGliteTransaction) => Promise<T>): Promise<T>;
}

interface PGliteTransaction {
  query(text: string, values: unknown[], options: object): Promise<RawResult>;
  rollback(): Promise<void>;
}

interface PgLike {
  query(config: object): Promise<RawResult>;
}

interface PgPool extends PostgresClient {
  connect(): Promise<PgLike & { release(destroy?: boolean | Error): void }>;
}

/** Asks `pg` for every value as the server's text, for this query only. */
const rawTextTypes = { getTypeParser: () => (text: string) => text };

function pgRun(connection: PgLike): ReadOnlyTransaction {
  return {
    // The extended protocol runs exactly one statement: a second one in the text is a server error.
    run: (text, values = []) =>
      connection.query({
        text,
        values: [...values],
        rowMode: "array",
        types: rawTextTypes,
        queryMode: "extended",
      }),
  };
}

/**
 * The runner for a client, by what it offers (see `PostgresClient`):
 * - PGlite (`transaction()`): its exclusive transaction, values read as raw text through per-query
 *   `parsers`. PGlite runs in this thread and cannot be interrupted, so there is nothing to cancel.
 * - a pool (`connect()`): a connection of its own per query; a stopped query's connection is closed at once
 *   and its statement cancelled with `pg_cancel_backend` from another pooled connection.
 * - one connection (`pg.Client`): the Store's per-connection queue serializes transactions; with no second
 *   connection to cancel from, a query stops at its `statement_timeout`.
 */
export function readOnlyRunner(client: PostgresClient): { run: ReadOnlyRunner; cancellable: boolean } {
  const style = transactionStyle(client);
  if (style === "native") return { run: pgliteRunner(client as PGliteLike), cancellable: false };
  if (style === "pool") return { run: poolRunner(client as PgPool), cancellable: true };
  return { run: singleRunner(client), cancellable: false };
}

function pgliteRunner(client: PGliteLike): ReadOnlyRunner {
  return (settings, body) =>
    client.transaction(async (tx) => {
      // Identity parsers for every type PGlite would parse; other types come as text already.
      const identity = (text: string) => text;
      const parsers = Object.fromEntries(Object.keys(client.parsers ?? {}).map((oid) => [oid, identity]));
      const run: ReadOnlyTransaction["run"] = (text, values = []) =>
        tx.query(text, [...values], { rowMode: "array", parsers });
      await run("SET TRANSACTION READ ONLY");
      await run(settingsSql, settingsParams(settings));
      const result = await body({ run });
      await tx.rollback();
      return result;
    });
}

/** A server backend, told apart from a later one that reuses its pid by when it started. */
interface Backend {
  pid: string;
  start: string;
}

const backends = new WeakMap<object, Backend>();

async function backendOf(connection: object, tx: ReadOnlyTransaction): Promise<Backend> {
  let backend = backends.get(connection);
  if (!backend) {
    const { rows } = await tx.run(
      `SELECT pid, backend_start FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()`,
    );
    backend = { pid: String(rows[0]?.[0]), start: String(rows[0]?.[1]) };
    backends.set(connection, backend);
  }
  return backend;
}

/** Attempts to cancel a stopped backend's statement; a cancel that lands between statements is ignored. */
const cancelAttempts = 5;
const cancelRetryMs = 200;

/**
 * Cancels the backend's running statement from another pooled connection, again until it no longer runs
 * one. Matching on `backend_start` as well as the pid makes a late cancel harmless: it can only reach the
 * stopped query's own backend, never one that took over the pid.
 */
async function cancelBackend(pool: PgPool, { pid, start }: Backend): Promise<void> {
  for (let attempt = 0; attempt < cancelAttempts; attempt++) {
    const { rows } = await pool.query(
      `SELECT pg_catalog.pg_cancel_backend(pid) FROM pg_catalog.pg_stat_activity
      WHERE pid = $1 AND backend_start = $2::timestamptz AND state = 'active'`,
      [pid, start],
    );
    if (rows.length === 0) return;
    await new Promise((done) => setTimeout(done, cancelRetryMs));
  }
}

function poolRunner(pool: PgPool): ReadOnlyRunner {
  return async (settings, body, control = new QueryControl()) => {
    const connection = await pool.connect();
    const tx = pgRun(connection);
    let released = false;
    const release = (destroy: boolean) => {
      if (released) return;
      released = true;
      connection.release(destroy);
    };
    try {
      throwIfStopped(control);
      await tx.run("BEGIN READ ONLY");
      await tx.run(settingsSql, settingsParams(settings));
      const backend = await backendOf(connection, tx);
      // Stopping frees the pool slot at once (the connection is closed, never reused), then cancels the
      // statement the server is still running. Cancelling first would need a free slot, which a pool full
      // of stopped queries would never get.
      control.attach(async () => {
        release(true);
        await cancelBackend(pool, backend);
      });
      throwIfStopped(control);
      return await body(tx);
    } finally {
      control.detach();
      if (!released) {
        const rolledBack =
          !control.stopped &&
          (await tx.run("ROLLBACK").then(
            () => true,
            () => false,
          ));
        release(!rolledBack);
      }
    }
  };
}

function singleRunner(client: PostgresClient): ReadOnlyRunner {
  const database = createSqlDatabase(client);
  const tx = pgRun(client as unknown as PgLike);
  return async (settings, body) => {
    try {
      // The shared queue owns BEGIN and COMMIT; committing a read-only transaction changes nothing.
      return await database.transaction(async () => {
        await tx.run("SET TRANSACTION READ ONLY");
        await tx.run(settingsSql, settingsParams(settings));
        return body(tx);
      });
    } catch (error) {
      // The queue wraps driver errors as STORAGE_ERROR; the engine classifies the driver's error itself.
      throw QuarryError.is(error, "STORAGE_ERROR") && error.cause !== undefined ? error.cause : error;
    }
  };
}

function throwIfStopped(control: QueryControl): void {
  if (control.stopped) throw new QuarryError("ABORTED", "The query was stopped.");
}
