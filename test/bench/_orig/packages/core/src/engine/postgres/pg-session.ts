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
 * Stops a query's statements from another connection. The session attaches a way to cancel once it knows
 * the backend; the engine's watchdog calls {@link QueryControl.cancel}, possibly repeatedly, and the session
 * waits for a cancel in flight before its connection can be reused, so a late cancel never hits someone
 * else's query.
 */
export class QueryControl {
  #cancelBackend: (() => Promise<void>) | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Requests the running statement to stop; at most one cancel request is in flight at a time. */
  cancel(): void {
    this.#stopped = true;
    if (!this.#cancelBackend || this.#inFlight) return;
    this.#inFlight = this.#cancelBackend()
      .catch(() => {})
      .finally(() => {
        this.#inFlight = undefined;
      });
  }

  attach(cancelBackend: () => Promise<void>): void {
    this.#cancelBackend = cancelBackend;
    if (this.#stopped) this.cancel();
  }

  async detach(): Promise<void> {
    this.#cancelBackend = undefined;
    await this.#inFlight;
  }
}

/** Runs a body inside a READ ONLY transaction with the engine's settings, then rolls back. */
export type ReadOnlyRunner = <T>(
  settings: TransactionSettings,
  body: (tx: ReadOnlyTransaction) => Promise<T>,
  control?: QueryControl,
) => Promise<T>;

/**
 * `SET LOCAL` for every setting in one round trip (`set_config(…, true)` is its function form), plus the
 * backend's pid for cancelling. `search_path` names only the engine's schema: `pg_catalog` is searched
 * first implicitly, `pg_temp` is moved last so a temporary table cannot shadow a table. The format
 * settings fix the text values are read from (pg-values.ts), `standard_conforming_strings` the way the
 * guard's parser read the SQL.
 */
const settingsSql = `SELECT pg_catalog.pg_backend_pid(),
  pg_catalog.set_config('statement_timeout', $1, true),
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
      connection.query({ text, values: [...values], rowMode: "array", types: rawTextTypes, queryMode: "extended" }),
  };
}

/**
 * The runner for a client, by what it offers (see `PostgresClient`):
 * - PGlite (`transaction()`): its exclusive transaction, values read as raw text through per-query
 *   `parsers`. PGlite runs in this thread and cannot be interrupted, so there is nothing to cancel.
 * - a pool (`connect()`): a connection of its own per query; cancelling runs `pg_cancel_backend` on another
 *   pooled connection, and a cancelled query's connection is destroyed rather than reused.
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

function poolRunner(pool: PgPool): ReadOnlyRunner {
  return async (settings, body, control = new QueryControl()) => {
    const connection = await pool.connect();
    const tx = pgRun(connection);
    let broken = false;
    try {
      throwIfStopped(control);
      await tx.run("BEGIN READ ONLY");
      const pid = Number((await tx.run(settingsSql, settingsParams(settings))).rows[0]?.[0]);
      control.attach(async () => {
        await pool.query("SELECT pg_catalog.pg_cancel_backend($1)", [pid]);
      });
      throwIfStopped(control);
      return await body(tx);
    } finally {
      await control.detach();
      // A stopped query's backend may still receive a cancel sent just now: never hand that connection on.
      broken = control.stopped || !(await tx.run("ROLLBACK").then(
        () => true,
        () => false,
      ));
      connection.release(broken);
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
