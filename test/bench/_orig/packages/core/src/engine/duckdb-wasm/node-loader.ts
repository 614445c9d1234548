import { createRequire } from "node:module";
import { Worker as NodeWorker } from "node:worker_threads";
import { QuarryError } from "../../errors/quarry-error.js";
import type { DuckDbWasmDatabase } from "./wasm-database.js";

/** Options of {@link createNodeDuckDbWasm}. */
export interface NodeDuckDbWasmOptions {
  /**
   * Called when DuckDB-WASM tries to reach the network (which the worker refuses). Nothing in the engine
   * should: this exists so tests can prove it.
   */
  onNetworkAttempt?: (what: string) => void;
}

/** The key of the message the worker posts when it refuses a network call. */
const attemptKey = "quarryNetworkAttempt";

/**
 * Starts DuckDB-WASM in Node the way browsers run it: the async `AsyncDuckDB` API over DuckDB-WASM's own
 * Node worker script (`duckdb-node-eh.worker.cjs`) in a `worker_threads` Worker, with the `.wasm` read from
 * `node_modules`. DuckDB-WASM's async API expects a Web Worker (`postMessage`, `onmessage`, events); Node 20
 * has none, so a few lines adapt each side instead of a polyfill package.
 *
 * Inside the worker `fetch` and the helper worker DuckDB-WASM spawns to download extensions are refused, so
 * an accidental extension load fails at once instead of hanging on a network this engine must not use.
 *
 * For tests and Node hosts that want the browser engine; the Node default is `@quarry/core/duckdb`.
 */
export async function createNodeDuckDbWasm(options: NodeDuckDbWasmOptions = {}): Promise<DuckDbWasmDatabase> {
  const require = createRequire(import.meta.url);
  let workerPath: string;
  let wasmPath: string;
  try {
    workerPath = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs");
    wasmPath = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
  } catch (cause) {
    throw new QuarryError("INVALID_INPUT", "The optional peer dependency @duckdb/duckdb-wasm is not installed.", {
      cause,
    });
  }
  const duckdb = await import("@duckdb/duckdb-wasm");
  const worker = new WorkerPort(workerPath, options.onNetworkAttempt);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker as unknown as Worker);
  try {
    await db.instantiate(wasmPath);
  } catch (cause) {
    await db.terminate().catch(() => undefined);
    throw new QuarryError("INVALID_INPUT", `DuckDB-WASM could not start: ${String(cause)}`, { cause });
  }
  return db;
}

/** The worker's side: Web Worker globals over `parentPort`, and no network. */
function workerSource(workerPath: string): string {
  return `
const threads = require("node:worker_threads");
const { parentPort } = threads;
const refuse = (what) => {
  parentPort.postMessage({ ${attemptKey}: what });
  throw new Error("DuckDB-WASM tried to reach the network (" + what + "); this engine has none.");
};
// DuckDB-WASM logs every failed statement with its stack; the error itself reaches the caller.
for (const level of ["log", "info", "warn", "error", "debug"]) console[level] = () => {};
globalThis.fetch = async (url) => refuse("fetch " + String(url));
threads.Worker = class { constructor() { refuse("an extension download worker"); } };
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on("message", (data) => globalThis.onmessage?.({ data }));
require(${JSON.stringify(workerPath)});
`;
}

/** The main thread's side: a `worker_threads` Worker that looks like a Web Worker to `AsyncDuckDB`. */
class WorkerPort extends EventTarget {
  readonly #worker: NodeWorker;

  constructor(workerPath: string, onNetworkAttempt: ((what: string) => void) | undefined) {
    super();
    this.#worker = new NodeWorker(workerSource(workerPath), { eval: true });
    this.#worker.on("message", (data: unknown) => {
      if (typeof data === "object" && data !== null && attemptKey in data) {
        onNetworkAttempt?.(String((data as Record<string, unknown>)[attemptKey]));
        return;
      }
      this.dispatchEvent(new MessageEvent("message", { data }));
    });
    this.#worker.on("error", (error: Error) => {
      this.dispatchEvent(Object.assign(new Event("error"), { error, message: error.message }));
    });
    this.#worker.on("exit", () => this.dispatchEvent(new Event("close")));
  }

  postMessage(message: unknown, transfer?: ArrayBuffer[]): void {
    this.#worker.postMessage(message, transfer);
  }

  terminate(): void {
    void this.#worker.terminate();
  }
}
