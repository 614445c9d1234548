import {
  allowedTableFunctions,
  asciiLower,
  forbiddenFunctionReason,
  isSystemRelationName,
} from "./forbidden-functions.js";

/**
 * What a guarded DuckDB statement may reference, and how DuckDB resolves those names — shared by the walk over
 * DuckDB's own AST (sql-ast-walk.ts) and the walk over PostgreSQL's parse tree of DuckDB SQL
 * (portable-duckdb-walk.ts), so both guards accept and refuse the same references with the same words.
 * Each check returns the reason for the author of the SQL, or `undefined` when the reference may stay.
 */

/** Where a DuckDB statement may read from. */
export interface DuckDbTablePolicy {
  /** The tables the statement may read, keyed by their ASCII-lowercased name, valued by their real name. */
  allowedTables: ReadonlyMap<string, string>;
  /** The engine's own database name (e.g. `memory`): the one catalog qualifier accepted besides none. */
  databaseName: string;
}

/** A table reference: empty strings for absent qualifiers. */
export interface DuckDbTableRef {
  name: string;
  schema: string;
  catalog: string;
}

/** What a table reference reads: a CTE in scope, an allowed table (by its real name), or nothing allowed. */
export type DuckDbTableResolution = { cte: true } | { table: string } | { refused: string };

/** Path and glob characters: DuckDB's replacement scans read a name holding one as a file. */
export const fileNameCharacters = /[./\\:*?~[\]{}]/;

/**
 * Resolves a table reference as DuckDB does. `scope` holds the ASCII-lowercased CTE names visible there;
 * only an unqualified name can mean a CTE, and DuckDB matches names case-insensitively, quoted or not.
 */
export function resolveDuckDbTable(
  ref: DuckDbTableRef,
  scope: ReadonlySet<string>,
  policy: DuckDbTablePolicy,
): DuckDbTableResolution {
  const { name, schema, catalog } = ref;
  const lower = asciiLower(name);
  if (fileNameCharacters.test(name)) {
    return { refused: `Reading the file ${quote(name)} is not allowed; query the session's tables.` };
  }
  if (schema === "" && catalog === "" && scope.has(lower)) return { cte: true };
  if (!isOwnQualifier(schema, catalog, policy.databaseName)) {
    const qualified = [catalog, schema, name].filter(Boolean).join(".");
    return {
      refused: `The table ${qualified} is not allowed: query the session's tables without a schema.`,
    };
  }
  const real = policy.allowedTables.get(lower);
  if (real === undefined) {
    const available = [...policy.allowedTables.values()].join(", ") || "none";
    return { refused: `The table ${quote(name)} is not available. Available tables: ${available}.` };
  }
  return { table: real };
}

/** `main` and the engine's database are the only qualifiers that name the session's own tables. */
function isOwnQualifier(schema: string, catalog: string, databaseName: string): boolean {
  const database = asciiLower(databaseName);
  const s = asciiLower(schema);
  const c = asciiLower(catalog);
  if (c === "") return s === "" || s === "main" || s === database;
  return c === database && (s === "" || s === "main");
}

/** Why a CTE may not take this name: one of DuckDB's catalog relations could be shadowed or confused. */
export function reservedCteName(name: string): string | undefined {
  return isSystemRelationName(name)
    ? `The CTE name ${name} is reserved for DuckDB's catalog; choose another name.`
    : undefined;
}

/** Why a table function may not appear in FROM: only unqualified value generators may. */
export function refusedTableFunction(name: string, qualified: boolean): string | undefined {
  if (allowedTableFunctions.has(asciiLower(name)) && !qualified) return undefined;
  return (
    `The table function ${quote(name)} is not allowed; only the session's tables and ` +
    `${[...allowedTableFunctions].join(", ")} may appear in FROM.`
  );
}

/**
 * Why a scalar, aggregate or window function may not be called (see forbidden-functions.ts). `reason`
 * defaults to DuckDB's deny-list; a guard that checks more lists passes its own.
 */
export function refusedFunction(
  name: string,
  reason: string | undefined = forbiddenFunctionReason(name),
): string | undefined {
  return reason ? `The function ${quote(name)} is not allowed: it ${reason}.` : undefined;
}

function quote(name: string): string {
  return JSON.stringify(name);
}
