import { allowedKinds, refusedKinds } from "../guard/pg-node-kinds.js";
import { PgAstViolation, type PgTableRef, type PgTreeRules, walkPgTree } from "../guard/pg-tree-walk.js";
import {
  allowedFromFunctions,
  forbiddenPgFunctionReason,
  isSystemRelationName,
  isSystemSchemaName,
} from "./pg-forbidden.js";

export { PgAstViolation } from "../guard/pg-tree-walk.js";

/**
 * What names mean in a statement PostgreSQL runs, for the shared walk over libpg-query's parse tree
 * (pg-tree-walk.ts): tables match exactly as the parser folded them, within the engine's schema; functions
 * and operators resolve in `pg_catalog` and that schema; CTEs of a `WITH RECURSIVE` list see each other.
 */

/** Where the statement may read from. */
export interface PgAstPolicy {
  /** Relation names the statement may read, exactly as stored (the parser folds unquoted names). */
  allowedTables: ReadonlySet<string>;
  /** The engine's schema: the one schema qualifier accepted on tables and functions besides none. */
  schema: string;
}

/**
 * Checks one statement's parse tree (`parse(sql).stmts[0].stmt`) and returns the allowed tables it reads.
 * Throws {@link PgAstViolation} on the first thing that may not run.
 */
export function walkPgSelect(statement: unknown, policy: PgAstPolicy): string[] {
  return walkPgTree(statement, postgresRules(policy));
}

function postgresRules(policy: PgAstPolicy): PgTreeRules {
  /**
   * Unqualified names resolve through the transaction's `search_path`: `pg_catalog`, then the engine's
   * schema. A qualifier may name only those two, so a call cannot reach a function of another schema.
   */
  const checkQualifier = (parts: readonly string[], what: string): void => {
    if (parts.length <= 1) return;
    const qualifier = parts.slice(0, -1);
    if (qualifier.length === 1 && (qualifier[0] === "pg_catalog" || qualifier[0] === policy.schema)) return;
    throw new PgAstViolation(
      `The ${what} ${parts.join(".")} is qualified with another schema; call it without a schema.`,
    );
  };

  return {
    allowedKinds,
    refusedKinds,
    recursiveScope: "whole-list",
    cteKey(name) {
      if (isSystemRelationName(name)) {
        throw new PgAstViolation(
          `The CTE name ${quoteIdent(name)} is reserved for PostgreSQL's catalog; choose another name.`,
        );
      }
      return name;
    },
    table: (ref, scope) => postgresTable(ref, scope, policy),
    fromFunction(parts) {
      const name = parts?.at(-1) ?? "";
      const qualifierOk = parts?.length === 1 || (parts?.length === 2 && parts[0] === "pg_catalog");
      if (!allowedFromFunctions.has(name) || !qualifierOk) {
        const shown = parts && parts.length > 0 ? parts.join(".") : "this expression";
        throw new PgAstViolation(
          `The function ${shown} is not allowed in FROM; only the session's tables, subqueries, VALUES, ` +
            `${[...allowedFromFunctions].join(" and ")} may appear there.`,
        );
      }
    },
    functionCall(parts) {
      checkQualifier(parts, "function");
      const reason = forbiddenPgFunctionReason(parts.at(-1) ?? "");
      if (reason) throw new PgAstViolation(`The function ${parts.join(".")} is not allowed: it ${reason}.`);
    },
    // Operators are functions too: a qualified one must live where unqualified names resolve.
    operator: (parts) => checkQualifier(parts, "operator"),
  };
}

function postgresTable(ref: PgTableRef, scope: ReadonlySet<string>, policy: PgAstPolicy): string | undefined {
  const { name, schema, catalog } = ref;
  const qualified = [catalog, schema, name].filter((part) => typeof part === "string").join(".");
  if (catalog !== undefined) {
    throw new PgAstViolation(`The table ${qualified} names a database; query the session's tables.`);
  }
  if (schema === undefined && scope.has(name)) return undefined;
  if (isSystemRelationName(name) || (schema !== undefined && isSystemSchemaName(schema))) {
    throw new PgAstViolation(`The system catalog ${qualified} may not be read; query the session's tables.`);
  }
  if (schema !== undefined && schema !== policy.schema) {
    throw new PgAstViolation(
      `The table ${qualified} is in another schema; only the tables of schema ${quoteIdent(policy.schema)} may be read.`,
    );
  }
  if (!policy.allowedTables.has(name)) throw new PgAstViolation(unavailable(name, policy));
  return name;
}

function unavailable(name: string, policy: PgAstPolicy): string {
  const available = [...policy.allowedTables];
  const sameLetters = available.find((table) => table.toLowerCase() === name.toLowerCase());
  const hint = sameLetters
    ? ` Did you mean ${quoteIdent(sameLetters)}? Names with capitals must be double-quoted.`
    : "";
  const list = available.map(quoteIdent).join(", ") || "none";
  return `The table ${quoteIdent(name)} is not available.${hint} Available tables: ${list}.`;
}

/** A name as SQL would write it: bare when it folds to itself, else double-quoted. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
