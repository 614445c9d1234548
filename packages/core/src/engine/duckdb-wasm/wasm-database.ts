import type { RecordBatch, Schema, Table } from "apache-arrow";

/**
 * The parts of `@duckdb/duckdb-wasm` the engine uses, described by shape (as Kysely describes `pg`) so that
 * core never imports the package at the top level and tests can wrap it. `AsyncDuckDB` — the worker-backed
 * API browsers use — satisfies {@link DuckDbWasmDatabase}, and `AsyncDuckDBConnection` satisfies
 * {@link DuckDbWasmConnection}.
 */
export interface DuckDbWasmDatabase {
  /** (Re)opens the database; the engine always opens a fresh in-memory one. */
  open(config: DuckDbWasmOpenConfig): Promise<void>;
  connect(): Promise<DuckDbWasmConnection>;
  /** Stops the worker; the engine calls it on close because it owns the database. */
  terminate(): Promise<void>;
  /**
   * DuckDB's own lexer, without parsing: where each token of `text` starts (UTF-8 byte offsets; comments
   * are left out). `AsyncDuckDB` has it; the guard needs it when the build cannot parse for the guard.
   */
  tokenize?(text: string): Promise<{ offsets: number[] }>;
}

/** The subset of DuckDB-WASM's `DuckDBConfig` the engine sets. */
export interface DuckDbWasmOpenConfig {
  path: string;
  maximumThreads?: number;
  /**
   * Exports HUGEINT, UUID and other DuckDB-only types as Arrow extension types instead of lossy stand-ins
   * (HUGEINT would otherwise arrive as DECIMAL(38,0) and could not be told from one).
   */
  arrowLosslessConversion?: boolean;
  query?: {
    castBigIntToDouble?: boolean;
    castDecimalToDouble?: boolean;
    castTimestampToDate?: boolean;
    castDurationToTime64?: boolean;
  };
}

/** One connection of a {@link DuckDbWasmDatabase}. */
export interface DuckDbWasmConnection {
  /** Runs a statement to completion in one worker call; only used for the engine's own setup SQL. */
  query(sql: string): Promise<Table>;
  /**
   * Starts a statement as a pending query the worker executes in slices, so {@link cancelSent} can land
   * between slices; resolves once results can be streamed, one DuckDB chunk per worker call.
   */
  send(sql: string, allowStreamResult?: boolean): Promise<DuckDbWasmResultReader>;
  /** Cancels the pending query started by {@link send}; false once it already produces results. */
  cancelSent(): Promise<boolean>;
  /** Creates (or appends to) a table from an Arrow IPC stream. */
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** A streamed result: Arrow JS's `AsyncRecordBatchStreamReader`. */
export interface DuckDbWasmResultReader extends AsyncIterable<RecordBatch> {
  /** Reads the schema message; {@link schema} is known after it. */
  open(): Promise<unknown>;
  readonly schema: Schema;
}

/** The files of one DuckDB-WASM bundle, as URLs the host app serves itself (never a CDN). */
export interface DuckDbWasmBundle {
  /** The `.wasm` module, e.g. the URL a bundler gives `@duckdb/duckdb-wasm/dist/duckdb-eh.wasm`. */
  mainModule: string;
  /** The worker script, e.g. `@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js`. */
  mainWorker: string;
  /** Only for the `coi` (threads) bundle. */
  pthreadWorker?: string | null;
}
