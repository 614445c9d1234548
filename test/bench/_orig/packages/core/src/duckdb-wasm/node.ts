/**
 * `@quarry/core/duckdb-wasm/node`: starts DuckDB-WASM in Node (worker_threads, `.wasm` from node_modules)
 * for the `db` option of `createDuckDbWasmEngine` — how the WASM engine's tests run in CI, and for Node
 * hosts that want the browser engine. Kept apart from `@quarry/core/duckdb-wasm` because it imports Node
 * built-ins.
 * @packageDocumentation
 */

export {
  createNodeDuckDbWasm,
  type NodeDuckDbWasmOptions,
} from "../engine/duckdb-wasm/node-loader.js";
