import type { DuckDBConnection } from "@duckdb/node-api";
import type { DuckDbSqlParser } from "../guard/duckdb-guard.js";

/**
 * The guard's parser over a `@duckdb/node-api` connection. Both calls parse without binding: binding is
 * where table functions such as `read_csv` open their files, so nothing is bound before the guard accepts.
 */
export function duckDbNodeParser(connection: DuckDBConnection): DuckDbSqlParser {
  return {
    async countStatements(sql) {
      return (await connection.extractStatements(sql)).count;
    },
    async serializeSql(sql) {
      const reader = await connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
      return String(reader.getRowsJson()[0]?.[0] ?? "");
    },
  };
}
