import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckDbValueToJson } from "../engine/duckdb/duckdb-values.js";
import type { Json } from "../model/common.js";
import { quoteLiteral, quoteLiteralList } from "./sql-quote.js";

/** A result read whole: column names and engine types, and JSON-safe rows. */
export interface WorkspaceResult {
  columns: { name: string; type: string }[];
  rows: Json[][];
}

/**
 * A private DuckDB for Quarry's own SQL (ingest, profiling, cleaning; never a user's statement). It can read
 * only the given files and read and write only its work folder, so even a mistake in generated SQL cannot
 * touch anything else; extensions are never installed or loaded on demand.
 */
export interface DuckDbWorkspace {
  readonly connection: DuckDBConnection;
  /** Runs statements and discards any result. */
  run(sql: string): Promise<void>;
  /** Runs a query and reads the whole result (use only for small results). */
  all(sql: string): Promise<WorkspaceResult>;
  close(): void;
}

/** Runs a query on a connection and reads the whole result as JSON-safe values (for small results). */
export async function readAll(connection: DuckDBConnection, sql: string): Promise<WorkspaceResult> {
  const reader = await connection.runAndReadAll(sql);
  const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i).toString() }));
  return { columns, rows: reader.getRows().map((row) => row.map(duckDbValueToJson)) };
}

/** Options of {@link openWorkspace}. */
export interface WorkspaceOptions {
  /** The folder DuckDB may read and write (Parquet output, spill files); it must exist. */
  workDir: string;
  /** Files outside `workDir` DuckDB may read. */
  readableFiles?: readonly string[];
  /** DuckDB's memory limit, e.g. `"2GB"` (default: DuckDB's, 80% of RAM); beyond it DuckDB spills to `workDir`. */
  memoryLimit?: string;
  /** Aborting interrupts the running statement. */
  signal?: AbortSignal;
  /**
   * Makes `connection.progress` measure running statements (DuckDB does only with its progress bar on; the
   * bar itself is never printed). Set before the configuration is locked, so it cannot be turned on later.
   */
  trackProgress?: boolean;
}

/** Opens a sandboxed in-memory DuckDB (see {@link DuckDbWorkspace}). */
export async function openWorkspace(options: WorkspaceOptions): Promise<DuckDbWorkspace> {
  const instance = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  const dir = options.workDir.endsWith("/") ? options.workDir : `${options.workDir}/`;
  const close = () => {
    options.signal?.removeEventListener("abort", interrupt);
    connection.closeSync();
    instance.closeSync();
  };
  const interrupt = () => connection.interrupt();
  try {
    await connection.run(
      [
        `SET temp_directory = ${quoteLiteral(`${dir}duckdb-tmp`)}`,
        ...(options.memoryLimit ? [`SET memory_limit = ${quoteLiteral(options.memoryLimit)}`] : []),
        ...(options.trackProgress
          ? ["SET enable_progress_bar = true", "SET enable_progress_bar_print = false"]
          : []),
        `SET allowed_directories = ${quoteLiteralList([dir])}`,
        `SET allowed_paths = ${quoteLiteralList(options.readableFiles ?? [])}`,
        "SET enable_external_access = false",
        "SET lock_configuration = true",
      ].join(";\n"),
    );
  } catch (error) {
    close();
    throw error;
  }
  options.signal?.addEventListener("abort", interrupt, { once: true });
  return {
    connection,
    async run(sql) {
      options.signal?.throwIfAborted();
      await connection.run(sql);
    },
    async all(sql) {
      options.signal?.throwIfAborted();
      return readAll(connection, sql);
    },
    close,
  };
}
