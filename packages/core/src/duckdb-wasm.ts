/**
 * `@quarry/core/duckdb-wasm`: the DuckDB-WASM SqlEngine, the browser default. Needs the optional peer
 * dependencies `@duckdb/duckdb-wasm` and `apache-arrow`, and `libpg-query` for the SQL guard of builds
 * without `json_serialize_sql` (the stock one), imported only when an engine needs it; imports no Node
 * built-in. In Node, start DuckDB-WASM with `createNodeDuckDbWasm` from `@quarry/core/duckdb-wasm/node`.
 * @packageDocumentation
 */

export { duckDbTypeName } from "./engine/duckdb-wasm/arrow-types.js";
export { type CellReader, cellReader } from "./engine/duckdb-wasm/arrow-values.js";
export {
  createDuckDbWasmEngine,
  type DuckDbWasmEngine,
  type DuckDbWasmEngineOptions,
  type DuckDbWasmEngineSource,
} from "./engine/duckdb-wasm/duckdb-wasm-engine.js";
export { instantiateDuckDbWasm } from "./engine/duckdb-wasm/instantiate-bundle.js";
export { parquetToArrowIpc } from "./engine/duckdb-wasm/parquet-to-arrow.js";
export type {
  DuckDbWasmBundle,
  DuckDbWasmConnection,
  DuckDbWasmDatabase,
  DuckDbWasmOpenConfig,
} from "./engine/duckdb-wasm/wasm-database.js";
export type { DuckDbWasmSqlGuard } from "./engine/duckdb-wasm/wasm-guard.js";
export type { DuckDbWasmTableSource } from "./engine/duckdb-wasm/wasm-lockdown.js";
export { duckDbWasmParser, hasJsonSerializeSql } from "./engine/duckdb-wasm/wasm-parser.js";
export type { CheckedStatement, DuckDbGuardPolicy } from "./engine/guard/duckdb-guard.js";
export type { PgQueryWasmSource } from "./engine/guard/pg-query-wasm.js";
export {
  checkPortableDuckDbSql,
  type PortableDuckDbGuardOptions,
} from "./engine/guard/portable-duckdb-guard.js";
