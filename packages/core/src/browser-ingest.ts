/**
 * `@quarry/core/browser-ingest`: Quarry wholly in the browser. `createBrowserIngest` turns uploaded files into
 * stored datasets in the page (the `ingest` of `localTransport`), and `createDuckDbWasmEngineProvider` gives
 * each chat turn a locked-down DuckDB-WASM engine over the session's stored copies. Browser-safe: imports no
 * Node built-in. Needs the optional peers `@duckdb/duckdb-wasm` and `apache-arrow` (and `libpg-query` for the
 * engine's SQL guard); `.xlsx` uploads also need `@e965/xlsx`, imported on first need.
 * @packageDocumentation
 */

export {
  type BrowserIngest,
  type BrowserIngestOptions,
  createBrowserIngest,
  defaultBrowserMaxBytes,
} from "./browser-ingest/browser-ingest.js";
export { arrowStreamContentType } from "./browser-ingest/canonical-copy.js";
export {
  createDuckDbWasmEngineProvider,
  type DuckDbWasmEngineProviderOptions,
} from "./browser-ingest/duckdb-wasm-engine-provider.js";
export { type DuckDbWasmSource, pageDuckDbWasmBundle } from "./browser-ingest/ingest-database.js";
