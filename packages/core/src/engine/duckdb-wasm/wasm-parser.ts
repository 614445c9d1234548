import { stringLiteral } from "../duckdb/sql-literals.js";
import type { DuckDbSqlParser } from "../guard/duckdb-guard.js";
import type { DuckDbWasmConnection } from "./wasm-database.js";

/**
 * The guard's parser over a DuckDB-WASM connection: `json_serialize_sql` only parses, so nothing is bound
 * (and no file opened) before the guard accepts. It needs DuckDB's `json` extension, which the stock
 * `@duckdb/duckdb-wasm` build does not bundle; see {@link hasJsonSerializeSql}.
 *
 * The statement travels as a string literal: DuckDB-WASM's `query` takes no parameters, and a DuckDB string
 * literal has no escapes but the doubled quote. Text holding a NUL character is refused before it gets
 * here, since the worker's C strings would cut it short.
 */
export function duckDbWasmParser(connection: DuckDbWasmConnection): DuckDbSqlParser {
  return {
    async serializeSql(sql) {
      const table = await connection.query(`SELECT json_serialize_sql(${stringLiteral(sql)})`);
      return String(table.getChildAt(0)?.get(0) ?? "");
    },
  };
}

/** Whether this DuckDB-WASM build can run `json_serialize_sql` (only with the json extension linked in). */
export async function hasJsonSerializeSql(connection: DuckDbWasmConnection): Promise<boolean> {
  try {
    await connection.query("SELECT json_serialize_sql('SELECT 1')");
    return true;
  } catch {
    return false;
  }
}
