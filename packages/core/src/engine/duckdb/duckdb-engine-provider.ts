import type { BlobStore } from "../../blob/blob-store.js";
import type { EngineProvider } from "../../chat/engine-provider.js";
import type { Dataset } from "../../model/dataset.js";
import { readDatasetCopy } from "../dataset-copy.js";
import { createEngineCache } from "../engine-cache.js";
import { createDuckDbEngine, type DuckDbEngine, type DuckDbEngineOptions } from "./duckdb-engine.js";

/** Options of {@link createDuckDbEngineProvider}. */
export interface DuckDbEngineProviderOptions {
  /** Where each dataset's Parquet copy (`dataset.blobKey`) is read from. */
  blobs: BlobStore;
  /** Cached engines kept open; beyond it the least recently used idle ones close. Default 8. */
  maxOpen?: number;
  /** How long an engine without a lease stays open, in ms. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Options of every engine the provider opens (memory limit, threads, query limits). */
  engine?: Omit<DuckDbEngineOptions, "tables">;
}

/**
 * An {@link EngineProvider} that opens a DuckDB engine over each session's datasets, reading their Parquet
 * copies from the blob store. Engines are cached per principal and dataset versions, so the turns of a
 * session reuse one engine until a dataset changes; idle engines close after `idleTimeoutMs`, and beyond
 * `maxOpen` the least recently used idle ones close first. Leased engines are never closed early.
 *
 * @example
 * ```ts
 * const engine = createDuckDbEngineProvider({ blobs, maxOpen: 4, engine: { memoryLimit: "512MB" } });
 * const quarry = createQuarry({ store, blobs, model, engine });
 * // On shutdown:
 * await engine.close();
 * ```
 */
export function createDuckDbEngineProvider(options: DuckDbEngineProviderOptions): EngineProvider {
  return createEngineCache({
    name: "DuckDB engine provider",
    maxOpen: options.maxOpen ?? 8,
    idleTimeoutMs: options.idleTimeoutMs,
    open: (datasets) => openEngine(options.blobs, datasets, options.engine),
  });
}

async function openEngine(
  blobs: BlobStore,
  datasets: readonly Dataset[],
  engineOptions: Omit<DuckDbEngineOptions, "tables"> | undefined,
): Promise<DuckDbEngine> {
  // One at a time: a missing blob stops the loop before further bodies are opened and left unread.
  const tables: { name: string; parquet: Uint8Array }[] = [];
  for (const dataset of datasets) {
    tables.push({ name: dataset.tableName, parquet: await readDatasetCopy(blobs, dataset, "Parquet copy") });
  }
  return createDuckDbEngine({ ...engineOptions, tables });
}
