import {
  createDataTools,
  type Dataset,
  type DataTools,
  defaultQueryLimits,
  type EngineLease,
  type Principal,
  type Quarry,
  QuarryError,
  type Session,
} from "@quarry/core";

/**
 * How many rows of a result or sample an MCP client sees (the privacy setting's `modelRows`). An MCP client
 * is a model too, so the same setting applies; 50 is also the most `sample_rows` returns.
 */
export const mcpClientRows = 50;

/** Options of {@link principalDataTools}. */
export interface PrincipalDataToolsOptions {
  quarry: Quarry;
  principal: Principal;
  /** Aborting interrupts opening the engine and any running query. */
  signal: AbortSignal;
  /** Rows the client may see; default {@link mcpClientRows}. */
  clientRows?: number;
  /** Limits of every query; default the engines' own defaults. */
  limits?: { maxRows: number; timeoutMs: number };
}

/** The data tools over every live dataset of a principal, with the engine opened on first use. */
export interface PrincipalDataTools {
  /** The tools; the first call lists the datasets and acquires the engine, later calls share it. */
  get(): Promise<DataTools>;
  /** Gives the engine lease back, if one was taken. Safe to call more than once; `get` fails after it. */
  release(): Promise<void>;
}

/**
 * The agent's data tools for a caller outside any chat session (an MCP client): every table of the caller's
 * live datasets, the privacy setting and query limits applied, and every `run_sql` audited for the caller.
 *
 * @example
 * ```ts
 * const tools = principalDataTools({ quarry, principal, signal });
 * try {
 *   const outcome = await (await tools.get()).call("list_tables", "{}");
 * } finally {
 *   await tools.release();
 * }
 * ```
 */
export function principalDataTools(options: PrincipalDataToolsOptions): PrincipalDataTools {
  const { quarry, principal, signal } = options;
  let opened: Promise<{ lease: EngineLease; tools: DataTools }> | undefined;
  let released = false;

  const open = async () => {
    const datasets = queryableDatasets(await quarry.store.datasets.list(principal));
    const lease = await quarry.engines.acquire({
      principal,
      session: requestSession(principal, datasets),
      datasets,
      signal,
    });
    const tools = createDataTools({
      engine: lease.engine,
      datasets,
      privacy: { modelRows: options.clientRows ?? mcpClientRows },
      limits: options.limits ?? { ...defaultQueryLimits },
      audit: async (entry) => {
        await quarry.store.audit.append(principal, {
          sql: entry.sql,
          ok: entry.ok,
          error: entry.error,
          rowCount: entry.rowCount,
          durationMs: entry.durationMs,
          details: { source: "mcp" },
        });
      },
      signal,
    });
    return { lease, tools };
  };

  return {
    async get() {
      if (released) throw new QuarryError("ABORTED", "The request has ended.");
      opened ??= open();
      return (await opened).tools;
    },
    async release() {
      released = true;
      // An engine still opening is waited for, so its lease is given back too.
      const done = await opened?.catch(() => undefined);
      await done?.lease.release();
    },
  };
}

/**
 * The datasets to load: live ones, one per table name. Two uploads of `sales.csv` both want the table
 * `sales`, and an engine refuses duplicate names (case-insensitively), which would take every table down
 * with it; the most recently updated one wins.
 */
export function queryableDatasets(datasets: readonly Dataset[]): Dataset[] {
  const byTable = new Map<string, Dataset>();
  for (const dataset of datasets) {
    if (dataset.deletedAt !== null) continue;
    const key = dataset.tableName.toLowerCase();
    const kept = byTable.get(key);
    if (!kept || dataset.updatedAt > kept.updatedAt) byTable.set(key, dataset);
  }
  return [...byTable.values()].sort((a, b) => a.tableName.localeCompare(b.tableName));
}

/**
 * The engine port is shaped for chat turns, which query a session's tables, so its context carries a
 * Session. An MCP request has none: it may query all of the caller's live datasets. This stand-in is made
 * for the request and never stored; it is owned by the caller and lists exactly the datasets loaded.
 * Providers key on the principal and the datasets (the DuckDB provider caches engines by them); one that
 * looked the session up in the store would not find it.
 */
function requestSession(principal: Principal, datasets: readonly Dataset[]): Session {
  const now = new Date().toISOString();
  return {
    id: `mcp-${crypto.randomUUID()}`,
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    title: "MCP request",
    datasetIds: datasets.map((d) => d.id),
    documentIds: [],
    pinned: false,
    archived: false,
    status: "idle",
    metadata: { source: "mcp" },
    createdAt: now,
    updatedAt: now,
  };
}
