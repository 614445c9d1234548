import type { EngineContext, EngineLease, EngineProvider } from "../chat/engine-provider.js";
import { QuarryError } from "../errors/quarry-error.js";
import { aborted, untilAborted } from "../errors/until-aborted.js";
import type { Dataset } from "../model/dataset.js";
import { checkLimit } from "./query-limits.js";
import type { SqlEngine } from "./sql-engine.js";

/** Options of {@link createEngineCache}. */
export interface EngineCacheOptions {
  /** Opens an engine over exactly these datasets' tables: the part each provider does its own way. */
  open(datasets: readonly Dataset[]): Promise<SqlEngine>;
  /** Engines kept open; beyond it the least recently used idle ones close. */
  maxOpen: number;
  /** How long an engine without a lease stays open, in ms. Default 5 minutes. */
  idleTimeoutMs?: number | undefined;
  /** The provider as its errors name it, e.g. `"DuckDB engine provider"`. */
  name: string;
}

/** One cached engine: `ready` is shared by every acquire that arrives while it is still opening. */
interface CachedEngine {
  key: string;
  ready: Promise<SqlEngine>;
  engine: SqlEngine | undefined;
  /** Live leases plus acquires still waiting for `ready`; only an entry at zero may be closed early. */
  leases: number;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The caching {@link EngineProvider} behind the DuckDB and DuckDB-WASM providers: engines are cached per
 * principal and dataset versions, so the turns of a session reuse one engine until a dataset changes; idle
 * engines close after `idleTimeoutMs`, and beyond `maxOpen` the least recently used idle ones close first.
 * Leased engines are never closed early.
 */
export function createEngineCache(options: EngineCacheOptions): EngineProvider {
  const maxOpen = checkLimit("maxOpen", options.maxOpen, 1);
  const idleTimeoutMs = checkLimit("idleTimeoutMs", options.idleTimeoutMs ?? 5 * 60_000, 1);
  // Map order is recency order: a used entry is moved to the end, so eviction walks from the front.
  const entries = new Map<string, CachedEngine>();
  const closing = new Set<Promise<void>>();
  let closed: Promise<void> | undefined;
  const closedError = () => new QuarryError("CONFLICT", `The ${options.name} is closed.`);

  const closeEngine = (engine: SqlEngine) => {
    // Nobody awaits a background close, so its failure is dropped rather than left unhandled.
    const done: Promise<void> = engine
      .close()
      .catch(() => undefined)
      .finally(() => closing.delete(done));
    closing.add(done);
  };

  const retire = (entry: CachedEngine) => {
    clearTimeout(entry.idleTimer);
    entries.delete(entry.key);
    if (entry.engine) closeEngine(entry.engine);
  };

  const evict = () => {
    for (const entry of entries.values()) {
      if (entries.size <= maxOpen) return;
      if (entry.engine && entry.leases === 0) retire(entry);
    }
  };

  const startIdleTimer = (entry: CachedEngine) => {
    const timer = setTimeout(() => {
      if (entries.get(entry.key) === entry && entry.leases === 0) retire(entry);
    }, idleTimeoutMs);
    // In Node a cached engine is no reason for the process to stay alive; a browser's timer is a number.
    (timer as { unref?: () => void }).unref?.();
    entry.idleTimer = timer;
  };

  const touch = (entry: CachedEngine) => {
    entries.delete(entry.key);
    entries.set(entry.key, entry);
  };

  const unlease = (entry: CachedEngine) => {
    entry.leases -= 1;
    if (closed || entries.get(entry.key) !== entry) return;
    touch(entry);
    if (entry.leases === 0 && entry.engine) {
      startIdleTimer(entry);
      evict();
    }
  };

  const open = (key: string, datasets: readonly Dataset[]): CachedEngine => {
    const entry: CachedEngine = {
      key,
      ready: undefined!,
      engine: undefined,
      leases: 0,
      idleTimer: undefined,
    };
    entry.ready = options.open(datasets).then(
      (engine) => {
        if (closed) {
          closeEngine(engine);
          throw closedError();
        }
        entry.engine = engine;
        // Every waiter may have been aborted while it opened; then it starts out idle.
        if (entry.leases === 0) startIdleTimer(entry);
        evict();
        return engine;
      },
      (error: unknown) => {
        // A failure is not cached: the next acquire tries again (the blob may be there by then).
        if (entries.get(key) === entry) entries.delete(key);
        throw error;
      },
    );
    // Every waiter may have gone (aborted); the rejection must not surface as unhandled.
    entry.ready.catch(() => undefined);
    return entry;
  };

  return {
    async acquire(context: EngineContext): Promise<EngineLease> {
      if (context.signal?.aborted) throw abortedError();
      if (closed) throw closedError();
      const key = cacheKey(context);
      let entry = entries.get(key);
      if (entry) {
        clearTimeout(entry.idleTimer);
        touch(entry);
      } else {
        entry = open(key, context.datasets);
        entries.set(key, entry);
      }
      entry.leases += 1;
      // Room for the new engine is made before it opens, not after, so memory peaks lower.
      evict();
      let engine: SqlEngine;
      try {
        const ready = await untilAborted(entry.ready, context.signal);
        if (ready === aborted) throw abortedError();
        engine = ready;
      } catch (error) {
        unlease(entry);
        throw error;
      }
      const leased = entry;
      let released = false;
      return {
        engine,
        async release() {
          if (released) return;
          released = true;
          unlease(leased);
        },
      };
    },

    close() {
      closed ??= (async () => {
        const all = [...entries.values()];
        entries.clear();
        for (const entry of all) {
          clearTimeout(entry.idleTimer);
          if (entry.engine) closeEngine(entry.engine);
        }
        // Engines still opening close themselves once open, because `closed` is set.
        await Promise.allSettled(all.map((entry) => entry.ready));
        await Promise.allSettled([...closing]);
      })();
      return closed;
    },
  };
}

/** Same principal and same dataset versions under the same table names: the same tables, so one engine. */
function cacheKey({ principal, datasets }: EngineContext): string {
  const tables = datasets.map((d) => `${d.id}@${d.version}:${d.tableName}`).sort();
  // JSON keeps the parts apart whatever characters ids hold.
  return JSON.stringify([principal.tenantId, principal.userId, ...tables]);
}

function abortedError(): QuarryError {
  return new QuarryError("ABORTED", "The operation was aborted.");
}
