import type { Json } from "../model/common.js";
import type { ColumnKind } from "../model/dataset.js";
import type { ResultColumn } from "../model/message-part.js";

/** Limits of one query. Every query has a timeout and a row cap; these are the defaults. */
export const defaultQueryLimits = { timeoutMs: 30_000, maxRows: 10_000 } as const;

/** Options of {@link SqlEngine.query}. */
export interface QueryOptions {
  /** The query is interrupted after this long and fails with `QUERY_TIMEOUT`. */
  timeoutMs?: number;
  /** At most this many rows are returned; `truncated` says when more existed. */
  maxRows?: number;
  /** Aborting interrupts the running query; it fails with `ABORTED`. */
  signal?: AbortSignal;
}

/**
 * A query result, safe to send as JSON: big integers become numbers when exact and strings otherwise,
 * dates and timestamps ISO strings, decimals numbers, blobs base64 strings.
 */
export interface QueryResult {
  columns: ResultColumn[];
  /** At most `maxRows` rows, each an array in column order. */
  rows: Json[][];
  /** How many rows the query produced in all (may exceed `rows.length`). */
  rowCount: number;
  truncated: boolean;
  durationMs: number;
}

/** A column of a table the engine can query. */
export interface TableColumn {
  name: string;
  /** The engine's type name, e.g. `DOUBLE`, `VARCHAR`, `TIMESTAMP WITH TIME ZONE`. */
  type: string;
  kind: ColumnKind;
}

/** A table the engine can query. */
export interface TableInfo {
  name: string;
  columns: TableColumn[];
  rowCount: number;
}

/** What the guard learned from an accepted statement. */
export interface GuardResult {
  /** The allowed tables the statement reads, as named in the engine. */
  tables: string[];
}

/**
 * The port between a question's SQL and the data. An engine instance holds only the tables one session may
 * see (its allow-list). `query` runs exactly one guarded, read-only SELECT (or WITH … SELECT) with a timeout
 * and a row cap; anything else is refused with `UNSAFE_SQL` before it runs.
 *
 * Adapters: DuckDB native (`@quarry/core/duckdb`), DuckDB-WASM (`@quarry/core/duckdb-wasm`), Postgres
 * (`@quarry/core/postgres`). Each passes `runSqlEngineConformance` from `@quarry/core/testing`.
 */
export interface SqlEngine {
  readonly dialect: "duckdb" | "postgres";
  /** The tables queries may read, with columns and row counts. */
  listTables(): Promise<TableInfo[]>;
  /** One table, or `NOT_FOUND`. Matching is case-insensitive, as in SQL. */
  describeTable(name: string): Promise<TableInfo>;
  /** Checks a statement without running it; throws `UNSAFE_SQL` with the reason when it may not run. */
  check(sql: string): Promise<GuardResult>;
  /** Guards, then runs one read-only statement with limits. */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
