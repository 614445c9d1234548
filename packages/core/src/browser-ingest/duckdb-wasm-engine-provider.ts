import type { BlobStore } from "../blob/blob-store.js";
import type { EngineProvider } from "../chat/engine-provider.js";
import { readDatasetCopy } from "../engine/dataset-copy.js";
import {
  createDuckDbWasmEngine,
  type DuckDbWasmEngine,
  type DuckDbWasmEngineOptions,
} from "../engine/duckdb-wasm/duckdb-wasm-engine.js";
import type { DuckDbWasmBundle, DuckDbWasmDatabase } from "../engine/duckdb-wasm/wasm-database.js";
import { type DuckDbWasmTableSource, tableSourceOf } from "../engine/duckdb-wasm/wasm-lockdown.js";
import { createEngineCache } from "../engine/engine-cache.js";
import type { Dataset } from "../model/dataset.js";
import { startDuckDbWasm } from "./ingest-database.js";

/** Options of {@link createDuckDbWasmEngineProvider}. */
export interface DuckDbWasmEngineProviderOptions {
  /** Where each dataset's canonical copy (`dataset.blobKey`: Arrow IPC from the browser, or Parquet) is read. */
  blobs: BlobStore;
  /**
   * Where each engine's DuckDB-WASM comes from: a bundle of URLs the host serves (a Web Worker per engine) or
   * a function making a database (Node: `() => createNodeDuckDbWasm()`). Default: `duckdb-eh.wasm` and
   * `duckdb-browser-eh.worker.js` next to the page.
   */
  duckdb?: DuckDbWasmBundle | (() => Promise<DuckDbWasmDatabase>);
  /** Engines kept open; beyond it the least recently used idle ones close. Default 2 (each is a worker). */
  maxOpen?: number;
  /** How long an engine without a lease stays open, in ms. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Options of every engine: query limits, memory, `libpgQueryWasm` (the URL of libpg-query's `.wasm`). */
  engine?: Omit<DuckDbWasmEngineOptions, "tables" | "db" | "bundle">;
}

/**
 * An {@link EngineProvider} for the browser: a locked-down DuckDB-WASM engine over each session's datasets,
 * loaded from their canonical copies in the blob store (the browser ingest's Arrow IPC streams, or Parquet
 * copies made on a server). Engines are cached per principal and dataset versions, so a session's turns
 * reuse one until a dataset changes; idle ones close after `idleTimeoutMs`, and past `maxOpen` the least
 * recently used idle ones close first. Leased engines are never closed early.
 *
 * @example
 * ```ts
 * const engine = createDuckDbWasmEngineProvider({
 *   blobs,
 *   duckdb: { mainModule: "/duckdb-eh.wasm", mainWorker: "/duckdb-browser-eh.worker.js" },
 *   engine: { libpgQueryWasm: "/libpg-query.wasm" },
 * });
 * const quarry = createQuarry({ store, blobs, model: createOfflineModel(), engine });
 * ```
 */
export function createDuckDbWasmEngineProvider(options: DuckDbWasmEngineProviderOptions): EngineProvider {
  return createEngineCache({
    name: "DuckDB-WASM engine provider",
    maxOpen: options.maxOpen ?? 2,
    idleTimeoutMs: options.idleTimeoutMs,
    open: (datasets) => openEngine(options, datasets),
  });
}

async function openEngine(
  options: DuckDbWasmEngineProviderOptions,
  datasets: readonly Dataset[],
): Promise<DuckDbWasmEngine> {
  const tables: DuckDbWasmTableSource[] = [];
  for (const dataset of datasets) {
    const bytes = await readDatasetCopy(options.blobs, dataset, "stored copy");
    tables.push(tableSourceOf(dataset.tableName, bytes));
  }
  return createDuckDbWasmEngine({ ...options.engine, db: await startDuckDbWasm(options.duckdb), tables });
}
