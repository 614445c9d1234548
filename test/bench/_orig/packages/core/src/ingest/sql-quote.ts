/**
 * Quoting for the SQL Quarry writes itself (ingest, profiling, cleaning). Nothing a user types is ever spliced
 * into SQL except through these two functions.
 */

/** A double-quoted identifier, safe for any name (embedded quotes doubled; NUL has no SQL form, so it is refused). */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000")) throw new Error("An identifier cannot contain NUL.");
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A single-quoted string literal. DuckDB's standard strings treat backslashes literally, so doubling single
 * quotes is the whole escape.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new Error("A string literal cannot contain NUL.");
  return `'${value.replaceAll("'", "''")}'`;
}

/** A DuckDB list literal of strings: `['a', 'b']`. */
export function quoteLiteralList(values: readonly string[]): string {
  return `[${values.map(quoteLiteral).join(", ")}]`;
}
