/**
 * Quoting for the SQL an engine writes itself (views, loads, setup), shared by the native and the WASM
 * DuckDB engines; free of Node imports so the browser entry can use it.
 */

/** A DuckDB identifier: quoted, inner quotes doubled. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A DuckDB string literal: quoted, inner quotes doubled (DuckDB reads no backslash escapes in it). */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
