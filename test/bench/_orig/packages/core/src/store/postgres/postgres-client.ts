import { storageError } from "./storage-error.js";

/** What a client answers a query with: the rows, as objects keyed by column name. */
export interface PostgresQueryResult {
  rows: unknown[];
}

/**
 * Any Postgres client, described by shape so that Quarry never imports a driver: a `pg.Pool`, a single
 * `pg.Client` or a `PGlite` instance all fit. One statement a call; parameters are `$1`, `$2`, ...
 *
 * How transactions run depends on what else the client has:
 * - `transaction(fn)` (PGlite): used as is.
 * - `connect()` resolving to a connection with `release()` (`pg.Pool` and look-alikes): `BEGIN`/`COMMIT` on
 *   a connection checked out for the transaction.
 * - otherwise a single connection (a `pg.Client`, known by its `escapeIdentifier()`, or a connection checked
 *   out of a pool, known by its `release()`): `BEGIN`/`COMMIT` on it, with every statement queued behind
 *   the running transaction. Do not share such a connection with other code while Quarry uses it.
 */
export interface PostgresClient {
  query(text: string, params?: unknown[]): Promise<PostgresQueryResult>;
}

/** A row as a client returns it. */
export type Row = Record<string, unknown>;

/** Runs one statement and answers its rows; a failure is a `QuarryError` (`STORAGE_ERROR` for the database's). */
export interface SqlRunner {
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A {@link SqlRunner} that also runs transactions: all statements of `body` commit together or not at all. */
export interface SqlDatabase extends SqlRunner {
  transaction<T>(body: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

interface NativeTransactions {
  transaction<T>(body: (tx: PostgresClient) => Promise<T>): Promise<T>;
}

interface PoolConnection extends PostgresClient {
  release(error?: Error | boolean): void;
}

interface Pool {
  connect(): Promise<PoolConnection>;
}

/** How transactions run on a client: its own `transaction()`, a pooled connection, or one shared connection. */
export type TransactionStyle = "native" | "pool" | "single";

/** Wraps a client; transactions use what the client offers (see {@link PostgresClient}). */
export function createSqlDatabase(client: PostgresClient): SqlDatabase {
  if (hasNativeTransactions(client)) return nativeDatabase(client);
  if (isPool(client)) return poolDatabase(client);
  return serialDatabase(client);
}

/** Which of the transaction styles {@link createSqlDatabase} uses for a client. */
export function transactionStyle(client: PostgresClient): TransactionStyle {
  return hasNativeTransactions(client) ? "native" : isPool(client) ? "pool" : "single";
}

function runnerOf(client: PostgresClient): SqlRunner {
  return {
    async query(text, params = []) {
      try {
        const result = await client.query(text, [...params]);
        return result.rows as Row[];
      } catch (error) {
        throw storageError(error);
      }
    },
  };
}

function nativeDatabase(client: PostgresClient & NativeTransactions): SqlDatabase {
  return {
    ...runnerOf(client),
    async transaction(body) {
      try {
        return await client.transaction((tx) => body(runnerOf(tx)));
      } catch (error) {
        throw storageError(error);
      }
    },
  };
}

function poolDatabase(pool: PostgresClient & Pool): SqlDatabase {
  return {
    ...runnerOf(pool),
    async transaction(body) {
      let connection: PoolConnection;
      try {
        connection = await pool.connect();
      } catch (error) {
        throw storageError(error);
      }
      const tx = runnerOf(connection);
      // A connection whose rollback failed is in an unknown state: hand it back as broken so the pool drops it.
      let broken: Error | undefined;
      try {
        await tx.query("BEGIN");
        const result = await body(tx);
        await tx.query("COMMIT");
        return result;
      } catch (error) {
        broken = await rollback(connection);
        throw storageError(error);
      } finally {
        connection.release(broken);
      }
    },
  };
}

/**
 * One connection can hold one transaction at a time, and any statement sent while a transaction is open
 * would join it; so every statement and transaction waits its turn. The queue belongs to the connection,
 * which lets a store and a blob store share it.
 */
function serialDatabase(client: PostgresClient): SqlDatabase {
  const queue = queueOf(client);
  const runner = runnerOf(client);
  return {
    query: (text, params) => queue.run(() => runner.query(text, params)),
    transaction: (body) =>
      queue.run(async () => {
        try {
          await runner.query("BEGIN");
          const result = await body(runner);
          await runner.query("COMMIT");
          return result;
        } catch (error) {
          await rollback(client);
          throw storageError(error);
        }
      }),
  };
}

async function rollback(client: PostgresClient): Promise<Error | undefined> {
  try {
    await client.query("ROLLBACK");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Runs tasks one after another. */
class Queue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const queues = new WeakMap<object, Queue>();

function queueOf(client: object): Queue {
  let queue = queues.get(client);
  if (!queue) {
    queue = new Queue();
    queues.set(client, queue);
  }
  return queue;
}

function hasNativeTransactions(client: PostgresClient): client is PostgresClient & NativeTransactions {
  return typeof (client as Partial<NativeTransactions>).transaction === "function";
}

/**
 * A pool checks out connections with `connect()`. A `pg.Client` has `connect()` too (to open itself), and a
 * checked-out pool connection has `release()`: both are single connections, told apart by those members.
 */
function isPool(client: PostgresClient): client is PostgresClient & Pool {
  const shape = client as Partial<Pool> & { release?: unknown; escapeIdentifier?: unknown };
  return (
    typeof shape.connect === "function" &&
    typeof shape.release !== "function" &&
    typeof shape.escapeIdentifier !== "function"
  );
}
