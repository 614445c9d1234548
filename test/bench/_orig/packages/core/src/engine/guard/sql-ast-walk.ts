import {
  allowedTableFunctions,
  asciiLower,
  forbiddenFunctionReason,
  isSystemRelationName,
} from "./forbidden-functions.js";

/**
 * A walk over the JSON AST `json_serialize_sql` produces for one SELECT statement. It fails closed: every
 * object carrying a node kind must be a kind listed here, so a construct a later DuckDB adds is refused
 * until someone reads what it does. Objects without a kind (wrappers such as `cte_map`, `case_checks`,
 * constant values) are walked through, so a table reference or subquery nested anywhere is still seen.
 */

/** Where the statement may read from. */
export interface AstPolicy {
  /** The tables the statement may read, keyed by their ASCII-lowercased name, valued by their real name. */
  allowedTables: ReadonlyMap<string, string>;
  /** The engine's own database name (e.g. `memory`): the one catalog qualifier accepted besides none. */
  databaseName: string;
}

/** Thrown by {@link walkSelectAst} with a reason meant for the author of the SQL. */
export class AstViolation extends Error {
  override readonly name = "AstViolation";
}

type JsonObject = { readonly [key: string]: unknown };

/** Query node kinds: a SELECT, a set operation, a recursive CTE. */
const queryNodes = new Set(["SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE"]);

/** Table reference kinds that only combine other parts; `SHOW_REF` (DESCRIBE/SUMMARIZE/SHOW) is absent. */
const passThroughRefs = new Set(["JOIN", "SUBQUERY", "EXPRESSION_LIST", "PIVOT", "EMPTY"]);

/** Result modifiers and ORDER BY entries. */
const modifierKinds = new Set([
  "ORDER_MODIFIER",
  "LIMIT_MODIFIER",
  "LIMIT_PERCENT_MODIFIER",
  "DISTINCT_MODIFIER",
  "ORDER_DEFAULT",
  "ASCENDING",
  "DESCENDING",
]);

/** Parsed expression classes of DuckDB; table access happens only through SUBQUERY, which is walked. */
const expressionClasses = new Set([
  "AGGREGATE",
  "BETWEEN",
  "CASE",
  "CAST",
  "COLLATE",
  "COLUMN_REF",
  "COMPARISON",
  "CONJUNCTION",
  "CONSTANT",
  "DEFAULT",
  "FUNCTION",
  "LAMBDA",
  "LAMBDA_REF",
  "OPERATOR",
  "PARAMETER",
  "POSITIONAL_REFERENCE",
  "STAR",
  "SUBQUERY",
  "TYPE",
  "WINDOW",
]);

/**
 * Checks one statement's AST (an element of `json_serialize_sql(...).statements`) against the policy and
 * returns the allowed tables it reads, by their real names. Throws {@link AstViolation} on the first thing
 * that may not run.
 */
export function walkSelectAst(statement: unknown, policy: AstPolicy): string[] {
  const tables = new Set<string>();
  new AstWalker(policy, tables).visit(statement, new Set());
  return [...tables];
}

class AstWalker {
  readonly #policy: AstPolicy;
  readonly #tables: Set<string>;

  constructor(policy: AstPolicy, tables: Set<string>) {
    this.#policy = policy;
    this.#tables = tables;
  }

  /** `scope` holds the (lowercased) CTE names that an unqualified table name refers to at this point. */
  visit(value: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, scope);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value.class === "string") this.#expression(value, value.class, scope);
    else if (typeof value.type === "string") this.#kind(value, value.type, scope);
    else this.#children(value, scope);
  }

  /** Query nodes, table references, modifiers and type descriptions: everything with a `type` but no `class`. */
  #kind(node: JsonObject, kind: string, scope: ReadonlySet<string>): void {
    if (queryNodes.has(kind)) this.#queryNode(node, kind, scope);
    else if (kind === "BASE_TABLE") this.#baseTable(node, scope);
    else if (kind === "TABLE_FUNCTION") this.#tableFunction(node, scope);
    else if (passThroughRefs.has(kind) || modifierKinds.has(kind) || kind.endsWith("_TYPE_INFO")) {
      this.#children(node, scope);
    } else if (kind === "SHOW_REF") {
      throw new AstViolation(
        "DESCRIBE, SHOW and SUMMARIZE are not allowed; ask for the table's description.",
      );
    } else {
      throw new AstViolation(`The SQL construct ${kind} is not allowed.`);
    }
  }

  #children(node: JsonObject, scope: ReadonlySet<string>, skip?: ReadonlySet<string>): void {
    for (const [key, child] of Object.entries(node)) if (!skip?.has(key)) this.visit(child, scope);
  }

  /**
   * A CTE is visible in the CTEs after it and in the node's body, not in its own body nor before it:
   * DuckDB resolves such a name to a catalog table (`WITH a AS (SELECT * FROM b), b AS (…)` reads a table
   * `b`), so there it must pass the table check. A recursive CTE sees itself only in its recursive term.
   */
  #queryNode(node: JsonObject, kind: string, scope: ReadonlySet<string>): void {
    let inner = new Set(scope);
    for (const entry of cteEntries(node.cte_map)) {
      if (isSystemRelationName(entry.name)) {
        throw new AstViolation(
          `The CTE name ${entry.name} is reserved for DuckDB's catalog; choose another name.`,
        );
      }
      this.visit(entry.body, inner);
      inner = new Set(inner).add(asciiLower(entry.name));
    }
    if (kind === "RECURSIVE_CTE_NODE") {
      const self = typeof node.cte_name === "string" ? asciiLower(node.cte_name) : undefined;
      this.visit(node.left, inner);
      this.visit(node.right, self === undefined ? inner : new Set(inner).add(self));
      this.#children(node, inner, new Set(["cte_map", "left", "right"]));
      return;
    }
    this.#children(node, inner, new Set(["cte_map"]));
  }

  #baseTable(ref: JsonObject, scope: ReadonlySet<string>): void {
    const name = String(ref.table_name ?? "");
    const schema = String(ref.schema_name ?? "");
    const catalog = String(ref.catalog_name ?? "");
    const lower = asciiLower(name);
    if (/[./\\:*?~[\]{}]/.test(name)) {
      throw new AstViolation(`Reading the file ${quote(name)} is not allowed; query the session's tables.`);
    }
    if (schema === "" && catalog === "" && scope.has(lower)) {
      this.#children(ref, scope);
      return;
    }
    if (!this.#qualifierAllowed(schema, catalog)) {
      const qualified = [catalog, schema, name].filter(Boolean).join(".");
      throw new AstViolation(
        `The table ${qualified} is not allowed: query the session's tables without a schema.`,
      );
    }
    const real = this.#policy.allowedTables.get(lower);
    if (real === undefined) {
      throw new AstViolation(
        `The table ${quote(name)} is not available. Available tables: ${this.#available() || "none"}.`,
      );
    }
    this.#tables.add(real);
    this.#children(ref, scope);
  }

  /** `main` and the engine's database are the only qualifiers that name the session's own tables. */
  #qualifierAllowed(schema: string, catalog: string): boolean {
    const database = asciiLower(this.#policy.databaseName);
    const s = asciiLower(schema);
    const c = asciiLower(catalog);
    if (c === "") return s === "" || s === "main" || s === database;
    return c === database && (s === "" || s === "main");
  }

  #tableFunction(ref: JsonObject, scope: ReadonlySet<string>): void {
    const call = isObject(ref.function) ? ref.function : {};
    const name = String(call.function_name ?? "");
    const lower = asciiLower(name);
    const qualified = Boolean(call.schema) || Boolean(call.catalog);
    if (!allowedTableFunctions.has(lower) || qualified) {
      throw new AstViolation(
        `The table function ${quote(name)} is not allowed; only the session's tables and ` +
          `${[...allowedTableFunctions].join(", ")} may appear in FROM.`,
      );
    }
    this.#children(ref, scope);
  }

  /**
   * Functions are checked by name only: method syntax (`col.upper()`) puts the column into `schema`, and
   * every built-in lives in the system catalog, so a qualifier neither adds nor removes danger.
   */
  #expression(node: JsonObject, kind: string, scope: ReadonlySet<string>): void {
    if (!expressionClasses.has(kind)) throw new AstViolation(`The SQL expression ${kind} is not allowed.`);
    if (typeof node.function_name === "string") {
      const reason = forbiddenFunctionReason(node.function_name);
      if (reason)
        throw new AstViolation(`The function ${quote(node.function_name)} is not allowed: it ${reason}.`);
    }
    this.#children(node, scope);
  }

  #available(): string {
    return [...this.#policy.allowedTables.values()].join(", ");
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entries of a `cte_map` in definition order: `{ map: [{ key, value: { query } }] }`. */
function cteEntries(cteMap: unknown): { name: string; body: unknown }[] {
  const map = isObject(cteMap) && Array.isArray(cteMap.map) ? cteMap.map : [];
  return map.map((entry: unknown) => {
    if (!isObject(entry) || typeof entry.key !== "string") throw new AstViolation("A CTE could not be read.");
    return { name: entry.key, body: entry.value };
  });
}

function quote(name: string): string {
  return JSON.stringify(name);
}
