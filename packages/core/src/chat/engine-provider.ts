import type { SqlEngine } from "../engine/sql-engine.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";

/** What a turn needs an engine for: whose session it is and the datasets attached to it. */
export interface EngineContext {
  principal: Principal;
  session: Session;
  /** The session's datasets (latest versions, deleted ones left out), in `session.datasetIds` order. */
  datasets: readonly Dataset[];
  signal?: AbortSignal;
}

/** An engine lent to one turn; the turn calls `release` when it ends, whatever happened. */
export interface EngineLease {
  readonly engine: SqlEngine;
  release(): Promise<void>;
}

/**
 * Gives each turn an engine over exactly its session's tables. A provider may cache engines between turns
 * (the DuckDB provider does, keyed by principal and dataset versions); a shared engine over an existing
 * database (Postgres) is wrapped with {@link sharedEngine}.
 */
export interface EngineProvider {
  acquire(context: EngineContext): Promise<EngineLease>;
  /** Closes every engine the provider opened. */
  close(): Promise<void>;
}

/**
 * One engine for every session, such as a read-only Postgres database: released leases leave it open, and
 * closing the provider leaves it open too, since the app that made it owns it.
 *
 * @example
 * ```ts
 * const quarry = createQuarry({ store, blobs, model, engine: sharedEngine(await createPostgresEngine({ ... })) });
 * ```
 */
export function sharedEngine(engine: SqlEngine): EngineProvider {
  const lease: EngineLease = { engine, release: async () => {} };
  return {
    acquire: async () => lease,
    close: async () => {},
  };
}

/** True when `value` is an {@link EngineProvider} rather than a bare engine. */
export function isEngineProvider(value: SqlEngine | EngineProvider): value is EngineProvider {
  return typeof (value as EngineProvider).acquire === "function";
}
