import { type PgParse, parseStatements } from "./postgres-guard.js";

/**
 * The statements that cap a guarded query's rows and count them, built by wrapping its text:
 * `SELECT * FROM (<query>) AS quarry_rows LIMIT n` and `SELECT count(*) FROM (<query>) AS quarry_rows`.
 *
 * Why wrap rather than use a cursor (`DECLARE … FETCH n … MOVE ALL`): measured on PostgreSQL 15 over a
 * 2 M-row table, a cursor was slower everywhere it differed, because PostgreSQL never runs a cursor's plan
 * in parallel: a truncated `SELECT *` took 340–490 ms against 140–180 ms, an aggregate under the cap
 * 335–375 ms against 275 ms; a sort of every row costs the same either way (≈2.6–2.9 s). The wrapped LIMIT
 * also lets PostgreSQL stop (or use a top-N sort) after `n + 1` rows, and the count runs only when rows were
 * cut, without transferring them.
 *
 * Text wrapping could change meaning (a comment or string trick that closes the parenthesis), so a wrapper
 * is used only when its parse tree is exactly the template's with the guarded statement's tree inside.
 */

/** Alias of the wrapped subquery. */
const alias = "quarry_rows";

/** The statement returning at most `limit` rows of the query. */
export function limitedSqlOf(text: string, limit: number): string {
  // The newlines end a trailing `--` comment of the query before the closing parenthesis.
  return `SELECT * FROM (\n${text}\n) AS ${alias} LIMIT ${limit}`;
}

/** The statement counting the query's rows. */
export function countSqlOf(text: string): string {
  return `SELECT count(*) FROM (\n${text}\n) AS ${alias}`;
}

/**
 * True when `wrapped` (built by `wrap` from the guarded statement's text) parses to exactly the wrapper
 * around `statement` (the guarded parse tree): the subquery equals it, and everything else equals the same
 * wrapper around a trivial query.
 */
export async function isWrapperOf(
  parse: PgParse,
  wrap: (text: string) => string,
  wrapped: string,
  statement: unknown,
): Promise<boolean> {
  try {
    const [actual] = await parseOne(parse, wrapped);
    const [template] = await parseOne(parse, wrap("SELECT 1"));
    const subquery = subqueryOf(actual);
    return (
      subquery !== undefined &&
      sameTree(subquery, statement) &&
      sameTree(withoutSubquery(actual), withoutSubquery(template))
    );
  } catch {
    return false;
  }
}

async function parseOne(parse: PgParse, sql: string): Promise<[unknown]> {
  const statements = await parseStatements(parse, sql);
  if (statements.length !== 1) throw new Error("not one statement");
  return [statements[0]?.stmt];
}

/** `{SelectStmt: {fromClause: [{RangeSubselect: {subquery}}]}}` → the subquery. */
function subqueryOf(tree: unknown): unknown {
  const from = field(field(tree, "SelectStmt"), "fromClause");
  const first = Array.isArray(from) && from.length === 1 ? from[0] : undefined;
  return field(field(first, "RangeSubselect"), "subquery");
}

function withoutSubquery(tree: unknown): unknown {
  const copy = structuredClone(tree);
  const from = field(field(copy, "SelectStmt"), "fromClause");
  const subselect = Array.isArray(from) ? field(from[0], "RangeSubselect") : undefined;
  if (typeof subselect === "object" && subselect !== null) {
    (subselect as Record<string, unknown>).subquery = null;
  }
  return copy;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Deep equality ignoring source positions, which shift by the wrapper's length. */
function sameTree(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutLocations(a)) === JSON.stringify(withoutLocations(b));
}

function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "location" && key !== "stmt_location" && key !== "stmt_len")
      .map(([key, child]) => [key, withoutLocations(child)]),
  );
}
