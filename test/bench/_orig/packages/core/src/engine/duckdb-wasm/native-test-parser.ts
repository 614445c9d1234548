import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckDbNodeParser } from "../duckdb/duckdb-parser.js";
import type { DuckDbSqlParser } from "../guard/duckdb-guard.js";

/**
 * DuckDB's own parser from the native engine, for the WASM engine's tests (the stock DuckDB-WASM build has
 * no `json_serialize_sql`). Not part of any entry. Its instance is locked like an engine's — it only parses,
 * but nothing it is given may reach a file — and each call gets its own connection, as callers parse
 * concurrently.
 */
export async function createNativeTestParser(): Promise<{ parser: DuckDbSqlParser; close: () => void }> {
  const instance = await DuckDBInstance.create(":memory:", {
    autoload_known_extensions: "false",
    autoinstall_known_extensions: "false",
    enable_external_access: "false",
    lock_configuration: "true",
  });
  const withConnection = async <T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> => {
    const connection = await instance.connect();
    try {
      return await use(connection);
    } finally {
      connection.closeSync();
    }
  };
  return {
    parser: {
      serializeSql: (sql) => withConnection((c) => duckDbNodeParser(c).serializeSql(sql)),
      countStatements: (sql) => withConnection(async (c) => (await c.extractStatements(sql)).count),
    },
    close: () => instance.closeSync(),
  };
}
