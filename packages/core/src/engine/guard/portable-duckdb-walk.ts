import { forbiddenPgFunctionReason } from "../postgres/pg-forbidden.js";
import {
  type DuckDbTablePolicy,
  refusedFunction,
  refusedTableFunction,
  reservedCteName,
  resolveDuckDbTable,
} from "./duckdb-references.js";
import { allowedTableFunctions, asciiLower, forbiddenFunctionReason } from "./forbidden-functions.js";
import { allowedKinds, postgresOnlyKinds, refusedKinds } from "./pg-node-kinds.js";
import { PgAstViolation, type PgTreeRules, walkPgTree } from "./pg-tree-walk.js";

/**
 * What names mean when DuckDB runs a statement that PostgreSQL's parser read, for the shared walk over
 * libpg-query's tree (pg-tree-walk.ts). The tree is PostgreSQL's, the meaning DuckDB's: tables and CTEs
 * match case-insensitively, quoted or not; qualifiers are none, `main` or the engine's database; CTEs
 * scope as DuckDB binds them; `FROM` takes only DuckDB's value generators; every function name passes
 * DuckDB's deny-list and PostgreSQL's (whose extra names — `set_config`, `lo_*`, `dblink`, `txid_*`,
 * `query_to_xml`, … — DuckDB either lacks or should not run either, so refusing them costs nothing).
 */

/**
 * PostgreSQL's scanner cuts names longer than 63 bytes (NAMEDATALEN − 1, at a character boundary, so a
 * cut name can be as short as 60 bytes); DuckDB keeps them whole. A long name in the tree may therefore
 * not be the name DuckDB resolves, and is refused.
 */
const maxNameBytes = 59;

const duckDbAllowedKinds: ReadonlySet<string> = new Set(
  [...allowedKinds].filter((kind) => !postgresOnlyKinds.has(kind)),
);
const duckDbRefusedKinds: ReadonlyMap<string, string> = new Map([...refusedKinds, ...postgresOnlyKinds]);

/**
 * Checks the parse tree libpg-query gives for a DuckDB statement (`parse(sql).stmts[0].stmt`) and returns
 * the allowed tables it reads, by their real names. Throws {@link PgAstViolation} on the first thing that
 * may not run.
 */
export function walkPortableDuckDb(statement: unknown, policy: DuckDbTablePolicy): string[] {
  return walkPgTree(statement, portableDuckDbRules(policy));
}

function portableDuckDbRules(policy: DuckDbTablePolicy): PgTreeRules {
  return {
    allowedKinds: duckDbAllowedKinds,
    refusedKinds: duckDbRefusedKinds,
    recursiveScope: "own-recursive-term",
    cteKey(name) {
      checkLength(name, "CTE");
      const reserved = reservedCteName(name);
      if (reserved) throw new PgAstViolation(reserved);
      return asciiLower(name);
    },
    table({ name, schema = "", catalog = "" }, scope) {
      for (const part of [name, schema, catalog]) checkLength(part, "table");
      const resolved = resolveDuckDbTable({ name, schema, catalog }, scope, policy);
      if ("refused" in resolved) throw new PgAstViolation(resolved.refused);
      return "table" in resolved ? resolved.table : undefined;
    },
    fromFunction(parts) {
      if (parts === undefined || parts.length === 0) {
        throw new PgAstViolation(
          "Only the session's tables, subqueries, VALUES and the table functions " +
            `${[...allowedTableFunctions].join(", ")} may appear in FROM.`,
        );
      }
      const refused = refusedTableFunction(parts.join("."), parts.length > 1);
      if (refused) throw new PgAstViolation(refused);
    },
    // DuckDB ignores a function's qualifier for danger (method syntax `col.upper()` puts the column there),
    // so only the name itself is checked.
    functionCall(parts) {
      const name = parts.at(-1) ?? "";
      checkLength(name, "function");
      const refused = refusedFunction(name, forbiddenFunctionReason(name) ?? forbiddenPgFunctionReason(name));
      if (refused) throw new PgAstViolation(refused);
    },
    operator(parts) {
      if (parts.length > 1) {
        throw new PgAstViolation(
          `The operator OPERATOR(${parts.join(".")}) names a schema; write the operator on its own.`,
        );
      }
    },
  };
}

function checkLength(name: string, what: string): void {
  if (new TextEncoder().encode(name).length > maxNameBytes) {
    throw new PgAstViolation(
      `The ${what} name ${JSON.stringify(name)} is too long for the browser's SQL guard, which reads names ` +
        `of up to ${maxNameBytes} bytes; use a shorter name or alias.`,
    );
  }
}
