import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { QuarryError } from "../../errors/quarry-error.js";
import { asciiLower, isSystemRelationName } from "../guard/forbidden-functions.js";
import type { TableInfo } from "../sql-engine.js";
import { duckDbColumnKind } from "./duckdb-column-kind.js";

/** A table an engine exposes: a Parquet file, or Parquet bytes the engine writes to a private file. */
export type DuckDbTableSource = { name: string; parquetPath: string } | { name: string; parquet: Uint8Array };

/** How the locked instance is made. */
export interface LockdownOptions {
  tables: readonly DuckDbTableSource[];
  memoryLimit: string;
  threads: number;
  /** Where DuckDB spills; `null` disables spilling; `undefined` uses a directory inside the private one. */
  tempDirectory: string | null | undefined;
}

/** A DuckDB instance that can no longer reach anything but its tables' files. */
export interface LockedDuckDb {
  instance: DuckDBInstance;
  /** The catalog name of the in-memory database (`memory`). */
  databaseName: string;
  tables: TableInfo[];
  /** The engine's private directory (Parquet bytes, spill files); removed on close. */
  directory: string;
}

/**
 * Opens an in-memory DuckDB for one engine and locks it before any SQL from outside runs:
 *
 * 1. extension autoload/autoinstall, community and unsigned extensions and persistent secrets off, memory
 *    and thread limits, a private spill directory — as creation options;
 * 2. `allowed_paths` = exactly the tables' Parquet files, then `enable_external_access = false`: DuckDB
 *    1.5 then reads those files and no other (`read_csv('/etc/passwd')`, `COPY … TO`, `ATTACH`, `INSTALL`
 *    fail with a Permission Error), so the tables stay views over Parquet instead of copies in memory;
 * 3. one view per table, described and counted once (tables never change during an engine's life);
 * 4. `lock_configuration = true`, after which no `SET`/`RESET`/`PRAGMA` can undo any of it.
 *
 * `allowed_paths` cannot be a creation option (the C API takes no lists), and it cannot change once
 * external access is off, hence the order.
 */
export async function openLockedDuckDb(options: LockdownOptions): Promise<LockedDuckDb> {
  checkTableNames(options.tables);
  const directory = await mkdtemp(join(tmpdir(), "quarry-duckdb-"));
  let instance: DuckDBInstance | undefined;
  try {
    const paths = await materializeSources(options.tables, directory);
    const spill =
      options.tempDirectory === undefined ? join(directory, "spill") : (options.tempDirectory ?? "");
    instance = await DuckDBInstance.create(":memory:", {
      threads: String(options.threads),
      memory_limit: options.memoryLimit,
      temp_directory: spill,
      autoload_known_extensions: "false",
      autoinstall_known_extensions: "false",
      allow_community_extensions: "false",
      allow_unsigned_extensions: "false",
      allow_persistent_secrets: "false",
    }).catch((cause: unknown) => {
      throw new QuarryError("INVALID_INPUT", `DuckDB refused the engine options: ${message(cause)}`, {
        cause,
      });
    });
    const connection = await instance.connect();
    try {
      await connection.run(`SET allowed_paths = [${paths.map(stringLiteral).join(", ")}]`);
      await connection.run("SET enable_external_access = false");
      const tables: TableInfo[] = [];
      for (const [index, source] of options.tables.entries()) {
        tables.push(await createView(connection, source.name, paths[index] ?? ""));
      }
      await connection.run("SET lock_configuration = true");
      const databaseName = String(
        (await connection.runAndReadAll("SELECT current_database()")).getRows()[0]?.[0],
      );
      return { instance, databaseName, tables, directory };
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    instance?.closeSync();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

/** Removes an engine's private directory. */
export async function removePrivateDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}

/**
 * Names become SQL identifiers the guard compares case-insensitively, so they must be unique that way;
 * path and glob characters would read as a file to DuckDB's replacement scans, and catalog names could be
 * confused with DuckDB's own relations.
 */
function checkTableNames(tables: readonly DuckDbTableSource[]): void {
  const seen = new Set<string>();
  for (const { name } of tables) {
    const control = [...name].some((character) => (character.codePointAt(0) ?? 0) < 0x20);
    if (!name || name.length > 255 || control || /[./\\:*?~[\]{}]/.test(name) || isSystemRelationName(name)) {
      throw new QuarryError("INVALID_INPUT", `The table name ${JSON.stringify(name)} cannot be used.`);
    }
    const key = asciiLower(name);
    if (seen.has(key)) {
      throw new QuarryError("INVALID_INPUT", `The table name ${JSON.stringify(name)} is used twice.`);
    }
    seen.add(key);
  }
}

async function materializeSources(
  tables: readonly DuckDbTableSource[],
  directory: string,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [index, source] of tables.entries()) {
    if ("parquetPath" in source) {
      paths.push(resolve(source.parquetPath));
      continue;
    }
    const tablesDirectory = join(directory, "tables");
    await mkdir(tablesDirectory, { recursive: true });
    const path = join(tablesDirectory, `${index}.parquet`);
    await writeFile(path, source.parquet);
    paths.push(path);
  }
  return paths;
}

async function createView(connection: DuckDBConnection, name: string, path: string): Promise<TableInfo> {
  const table = identifier(name);
  try {
    await connection.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet(${stringLiteral(path)})`);
    const shape = await connection.run(`SELECT * FROM ${table} LIMIT 0`);
    const columns = shape.columnNames().map((column, index) => {
      const type = shape.columnType(index).toString();
      return { name: column, type, kind: duckDbColumnKind(type) };
    });
    const counted = await connection.runAndReadAll(`SELECT count(*) FROM ${table}`);
    return { name, columns, rowCount: Number(counted.getRows()[0]?.[0] ?? 0) };
  } catch (cause) {
    throw new QuarryError(
      "INVALID_INPUT",
      `The table ${JSON.stringify(name)} could not be read: ${message(cause)}`,
      {
        cause,
      },
    );
  }
}

/** A DuckDB identifier: quoted, inner quotes doubled. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A DuckDB string literal: quoted, inner quotes doubled. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
