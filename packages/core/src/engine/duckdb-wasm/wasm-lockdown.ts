import { QuarryError } from "../../errors/quarry-error.js";
import { duckDbColumnKind } from "../duckdb/duckdb-column-kind.js";
import { identifier, stringLiteral } from "../duckdb/sql-literals.js";
import { checkTableNames } from "../duckdb/table-names.js";
import type { TableInfo } from "../sql-engine.js";
import { parquetToArrowIpc } from "./parquet-to-arrow.js";
import type { DuckDbWasmConnection, DuckDbWasmDatabase } from "./wasm-database.js";
import { hasJsonSerializeSql } from "./wasm-parser.js";

/**
 * A table an engine exposes. `parquet` is the canonical copy's bytes (decoded in JavaScript: DuckDB-WASM has
 * no Parquet reader of its own without downloading one); `arrowIpc` is an Arrow IPC stream, for sources that
 * already hold Arrow. Either way the engine copies the data into a real DuckDB table: nothing stays a file.
 */
export type DuckDbWasmTableSource =
  | { name: string; parquet: Uint8Array }
  | { name: string; arrowIpc: Uint8Array };

/**
 * A canonical copy's bytes as a table source, told apart by their first bytes: `PAR1` is Parquet (a server's
 * copy), anything else an Arrow IPC stream (the browser's).
 */
export function tableSourceOf(name: string, bytes: Uint8Array): DuckDbWasmTableSource {
  const parquet = bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
  return parquet ? { name, parquet: bytes } : { name, arrowIpc: bytes };
}

/** How the locked database is made. */
export interface WasmLockdownOptions {
  tables: readonly DuckDbWasmTableSource[];
  memoryLimit: string;
  threads: number;
}

/** A DuckDB-WASM database that can reach nothing but its tables. */
export interface LockedWasmDb {
  tables: TableInfo[];
  /** The catalog name of the in-memory database (`memory`). */
  databaseName: string;
  /** Whether this DuckDB-WASM build can parse for the guard itself (`json_serialize_sql`). */
  ownParser: boolean;
}

/**
 * Opens a fresh in-memory database in `db` and locks it before any outside SQL runs:
 *
 * 1. extension autoinstall and autoload off, first: otherwise the first function DuckDB-WASM does not bundle
 *    (e.g. `json_serialize_sql`) makes it try to download an extension — and hang where there is no network;
 *    community extensions and persistent secrets off, memory and thread limits;
 * 2. the tables copied in as real tables (Arrow IPC through the worker; no file is registered);
 * 3. `enable_external_access = false`: no local file (the Node worker can reach the disk), no URL (browsers
 *    can fetch over HTTP), no `ATTACH`, `COPY … TO`, `INSTALL`, `LOAD`;
 * 4. `lock_configuration = true`, after which no `SET`/`RESET`/`PRAGMA` can undo any of it.
 */
export async function openLockedWasmDb(
  db: DuckDbWasmDatabase,
  options: WasmLockdownOptions,
): Promise<LockedWasmDb> {
  checkTableNames(options.tables);
  await db.open({
    path: ":memory:",
    maximumThreads: options.threads,
    arrowLosslessConversion: true,
    query: { castBigIntToDouble: false, castDecimalToDouble: false, castTimestampToDate: false },
  });
  const connection = await db.connect();
  try {
    await connection.query("SET autoinstall_known_extensions = false");
    await connection.query("SET autoload_known_extensions = false");
    await connection.query("SET allow_community_extensions = false");
    await connection.query("SET allow_persistent_secrets = false");
    await setting(connection, `SET memory_limit = ${stringLiteral(options.memoryLimit)}`);
    await setting(connection, `SET threads = ${options.threads}`);
    for (const source of options.tables) await loadTable(connection, source);
    await connection.query("SET enable_external_access = false");
    const tables: TableInfo[] = [];
    for (const { name } of options.tables) tables.push(await describe(connection, name));
    const ownParser = await hasJsonSerializeSql(connection);
    await connection.query("SET lock_configuration = true");
    const databaseName = String((await connection.query("SELECT current_database()")).getChildAt(0)?.get(0));
    return { tables, databaseName, ownParser };
  } finally {
    await connection.close();
  }
}

async function setting(connection: DuckDbWasmConnection, sql: string): Promise<void> {
  try {
    await connection.query(sql);
  } catch (cause) {
    throw new QuarryError("INVALID_INPUT", `DuckDB-WASM refused the engine options: ${messageOf(cause)}`, {
      cause,
    });
  }
}

/** Copies a source into a new table of the database (Parquet decoded by hyparquet, one row group at a time). */
export async function loadTable(
  connection: DuckDbWasmConnection,
  source: DuckDbWasmTableSource,
): Promise<void> {
  const { name } = source;
  try {
    if ("arrowIpc" in source) {
      await connection.insertArrowFromIPCStream(source.arrowIpc, { name, create: true });
      return;
    }
    let create = true;
    for await (const stream of parquetToArrowIpc(name, source.parquet)) {
      await connection.insertArrowFromIPCStream(stream, { name, create });
      create = false;
    }
  } catch (cause) {
    if (QuarryError.is(cause)) throw cause;
    throw new QuarryError(
      "INVALID_INPUT",
      `The table ${JSON.stringify(name)} could not be loaded: ${messageOf(cause)}`,
      {
        cause,
      },
    );
  }
}

/** Columns as DuckDB names their types (the same strings as the native engine), and the row count. */
async function describe(connection: DuckDbWasmConnection, name: string): Promise<TableInfo> {
  const columns = await connection.query(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database()
       AND schema_name = 'main' AND table_name = ${stringLiteral(name)} ORDER BY column_index`,
  );
  const names = columns.getChildAt(0);
  const types = columns.getChildAt(1);
  const described = Array.from({ length: columns.numRows }, (_, row) => {
    const type = String(types?.get(row));
    return { name: String(names?.get(row)), type, kind: duckDbColumnKind(type) };
  });
  const counted = await connection.query(`SELECT count(*) FROM ${identifier(name)}`);
  return { name, columns: described, rowCount: Number(counted.getChildAt(0)?.get(0) ?? 0) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
