/**
 * The row-count statement of a capped query and the proof that it counts exactly the guarded statement's
 * rows, shared by the native and the WASM DuckDB engines. Kept free of Node imports and of
 * `@duckdb/node-api`, so the browser entry `@quarry/core/duckdb-wasm` can import it.
 */

/** Alias of the counted subquery; also how {@link isCountOf} recognises the wrapper. */
const countAlias = "quarry_count";

/** `SELECT count(*)` over a statement. Its parse must still be checked with {@link isCountOf}. */
export function countSqlOf(sql: string): string {
  // The newline ends a trailing `--` comment; a trailing semicolon would end the subquery.
  return `SELECT count(*) FROM (\n${sql.replace(/;\s*$/, "")}\n) AS ${countAlias}`;
}

/**
 * True when `wrapped` (the AST of {@link countSqlOf}'s output) is exactly `count(*)` over `original` (the
 * guarded statement's AST). Text wrapping can change meaning (a comment or an unbalanced parenthesis in a
 * string-splicing trick); comparing parse trees proves the count query reads what the guard accepted and
 * counts the same rows.
 */
export function isCountOf(wrapped: unknown, original: unknown): boolean {
  const node = field(wrapped, "node");
  const from = field(node, "from_table");
  const select = field(node, "select_list");
  const call = Array.isArray(select) && select.length === 1 ? select[0] : undefined;
  const bare = ["where_clause", "having", "sample", "qualify"].every((key) => field(node, key) === null);
  const unmodified = ["modifiers", "group_expressions", "group_sets"].every((key) =>
    isEmptyArray(field(node, key)),
  );
  return (
    field(node, "type") === "SELECT_NODE" &&
    bare &&
    unmodified &&
    isEmptyArray(field(field(node, "cte_map"), "map")) &&
    field(call, "function_name") === "count_star" &&
    isEmptyArray(field(call, "children")) &&
    field(call, "filter") === null &&
    field(call, "distinct") === false &&
    field(from, "type") === "SUBQUERY" &&
    field(from, "alias") === countAlias &&
    field(from, "sample") === null &&
    sameTree(field(from, "subquery"), original)
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** Deep equality that ignores source positions, which shift by the wrapper's length. */
function sameTree(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutLocations(a)) === JSON.stringify(withoutLocations(b));
}

function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "query_location")
      .map(([key, child]) => [key, withoutLocations(child)]),
  );
}
