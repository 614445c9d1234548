/**
 * `@quarry/core/duckdb`: the DuckDB native SqlEngine (Node), its SQL guard, and helpers to write test
 * tables as Parquet. Needs the optional peer dependency `@duckdb/node-api`.
 * @packageDocumentation
 */

export { duckDbColumnKind } from "./engine/duckdb/duckdb-column-kind.js";
export {
  createDuckDbEngine,
  type DuckDbEngine,
  type DuckDbEngineOptions,
  type DuckDbTableSource,
} from "./engine/duckdb/duckdb-engine.js";
export {
  createDuckDbEngineProvider,
  type DuckDbEngineProviderOptions,
} from "./engine/duckdb/duckdb-engine-provider.js";
export { duckDbNodeParser } from "./engine/duckdb/duckdb-parser.js";
export { duckDbValueToJson } from "./engine/duckdb/duckdb-values.js";
export { fixtureParquetBytes, writeFixtureParquet } from "./engine/duckdb/fixture-parquet.js";
export {
  type CheckedStatement,
  checkDuckDbSql,
  type DuckDbGuardPolicy,
  type DuckDbSqlParser,
  maxSqlLength,
} from "./engine/guard/duckdb-guard.js";
