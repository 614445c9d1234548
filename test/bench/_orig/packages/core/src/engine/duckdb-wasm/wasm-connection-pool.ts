import { QuarryError } from "../../errors/quarry-error.js";
import type { DuckDbWasmConnection, DuckDbWasmDatabase } from "./wasm-database.js";

/** Idle connections kept for reuse. */
const maxIdle = 4;

/**
 * Connections of one engine's database. Every worker call waits behind the slice of work the worker is
 * running, so a query that opened and closed its own connection would wait twice more behind a slow query;
 * finished connections are reused instead.
 */
export class ConnectionPool {
  /** Set on close: no connection is handed out after it. */
  closed = false;
  readonly #db: DuckDbWasmDatabase;
  readonly #idle: DuckDbWasmConnection[] = [];
  readonly #inUse = new Set<DuckDbWasmConnection>();

  constructor(db: DuckDbWasmDatabase) {
    this.#db = db;
  }

  /** Connections handed out and not yet released. */
  get inUse(): ReadonlySet<DuckDbWasmConnection> {
    return this.#inUse;
  }

  async acquire(): Promise<DuckDbWasmConnection> {
    if (this.closed) throw new QuarryError("QUERY_FAILED", "The engine is closed.");
    const connection = this.#idle.pop() ?? (await this.#db.connect());
    this.#inUse.add(connection);
    return connection;
  }

  /** Returns a connection; one that may still hold a result (`reusable` false) is closed instead. */
  release(connection: DuckDbWasmConnection, reusable: boolean): void {
    this.#inUse.delete(connection);
    if (reusable && !this.closed && this.#idle.length < maxIdle) this.#idle.push(connection);
    else void connection.close().catch(() => undefined);
  }

  async closeIdle(): Promise<void> {
    const idle = this.#idle.splice(0);
    await Promise.allSettled(idle.map((connection) => connection.close()));
  }
}
