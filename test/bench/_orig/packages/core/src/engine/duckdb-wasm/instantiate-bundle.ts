import { QuarryError } from "../../errors/quarry-error.js";
import type { DuckDbWasmBundle, DuckDbWasmDatabase } from "./wasm-database.js";

/**
 * Starts DuckDB-WASM in a Web Worker from a bundle the host app serves (the browser path). The package is
 * imported lazily so that `@quarry/core/duckdb-wasm` loads without it until an engine is made from bundles.
 * Nothing is fetched but the two URLs given; extensions are never loaded (see the engine's lockdown).
 */
export async function instantiateDuckDbWasm(bundle: DuckDbWasmBundle): Promise<DuckDbWasmDatabase> {
  const WorkerClass = (globalThis as { Worker?: typeof Worker }).Worker;
  if (!WorkerClass) {
    throw new QuarryError(
      "INVALID_INPUT",
      "DuckDB-WASM bundles need a Web Worker; in Node use createNodeDuckDbWasm from @quarry/core/duckdb-wasm/node.",
    );
  }
  const duckdb = await import("@duckdb/duckdb-wasm");
  const worker = new WorkerClass(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker ?? null);
  } catch (cause) {
    await db.terminate().catch(() => undefined);
    throw new QuarryError("INVALID_INPUT", `DuckDB-WASM could not start: ${messageOf(cause)}`, { cause });
  }
  return db;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
