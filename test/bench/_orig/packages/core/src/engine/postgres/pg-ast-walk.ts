import {
  allowedFromFunctions,
  forbiddenPgFunctionReason,
  isSystemRelationName,
  isSystemSchemaName,
} from "./pg-forbidden.js";

/**
 * A walk over the JSON parse tree libpg-query (PostgreSQL's own parser) produces for one SELECT. A node is
 * an object with one PascalCase key naming its kind (`{"FuncCall": {...}}`); fields whose C type is a
 * specific struct are written without that wrapper (`"alias": {...}`, `"withClause": {...}`, the `larg` and
 * `rarg` of a set operation). Every field of every object and array is visited, so a table or function
 * nested anywhere (a subquery in a function argument, a LATERAL join, a CTE, a window, a CASE) is seen.
 *
 * It fails closed: every node kind must be one listed here, so a construct a later PostgreSQL adds is
 * refused until someone reads what it does. Unwrapped structs are recognised by shape where it matters:
 * anything with a `relname` is checked as a table reference, anything with `intoClause` or
 * `lockingClause` set is refused.
 */

/** Where the statement may read from. */
export interface PgAstPolicy {
  /** Relation names the statement may read, exactly as stored (the parser folds unquoted names). */
  allowedTables: ReadonlySet<string>;
  /** The engine's schema: the one schema qualifier accepted on tables and functions besides none. */
  schema: string;
}

/** Thrown by {@link walkPgSelect} with a reason meant for the author of the SQL. */
export class PgAstViolation extends Error {
  override readonly name = "PgAstViolation";
}

type JsonObject = { readonly [key: string]: unknown };

/** Node kinds a read-only SELECT is built of. Tables, functions and queries get their own checks. */
const allowedKinds = new Set([
  "A_ArrayExpr",
  "A_Const",
  "A_Expr",
  "A_Indices",
  "A_Indirection",
  "A_Star",
  "Alias",
  "BitString",
  "BoolExpr",
  "Boolean",
  "BooleanTest",
  "CaseExpr",
  "CaseWhen",
  "CoalesceExpr",
  "CollateClause",
  "ColumnDef",
  "ColumnRef",
  "CTECycleClause",
  "CTESearchClause",
  "Float",
  "GroupingFunc",
  "GroupingSet",
  "Integer",
  "JoinExpr",
  "List",
  "MinMaxExpr",
  "NamedArgExpr",
  "NullTest",
  "ParamRef",
  "RangeSubselect",
  "RangeTableSample",
  "ResTarget",
  "RowExpr",
  "SQLValueFunction",
  "SortBy",
  "String",
  "SubLink",
  "TypeCast",
  "TypeName",
  "WindowDef",
  "XmlExpr",
  "XmlSerialize",
  // SQL/JSON expressions (PostgreSQL 16+): functions of the values they are given.
  "JsonAggConstructor",
  "JsonArgument",
  "JsonArrayAgg",
  "JsonArrayConstructor",
  "JsonArrayQueryConstructor",
  "JsonBehavior",
  "JsonFormat",
  "JsonFuncExpr",
  "JsonIsPredicate",
  "JsonKeyValue",
  "JsonObjectAgg",
  "JsonObjectConstructor",
  "JsonOutput",
  "JsonParseExpr",
  "JsonReturning",
  "JsonScalarExpr",
  "JsonSerializeExpr",
  "JsonValueExpr",
]);

/** Kinds refused with a reason of their own. */
const refusedKinds: ReadonlyMap<string, string> = new Map([
  ["LockingClause", "FOR UPDATE/FOR SHARE locks rows; only plain reads may run"],
  ["IntoClause", "SELECT … INTO creates a table; only plain reads may run"],
  ["RangeTableFunc", "XMLTABLE is not allowed in FROM; query the session's tables"],
  ["JsonTable", "JSON_TABLE is not allowed in FROM; query the session's tables"],
  ["InsertStmt", "a data-modifying WITH (INSERT) is not allowed"],
  ["UpdateStmt", "a data-modifying WITH (UPDATE) is not allowed"],
  ["DeleteStmt", "a data-modifying WITH (DELETE) is not allowed"],
  ["MergeStmt", "a data-modifying WITH (MERGE) is not allowed"],
]);

/**
 * Checks one statement's parse tree (`parse(sql).stmts[0].stmt`) and returns the allowed tables it reads.
 * Throws {@link PgAstViolation} on the first thing that may not run.
 */
export function walkPgSelect(statement: unknown, policy: PgAstPolicy): string[] {
  const tables = new Set<string>();
  const walker = new PgAstWalker(policy, tables);
  const select = isObject(statement) ? statement.SelectStmt : undefined;
  if (!isObject(select)) throw new PgAstViolation("The statement is not a SELECT.");
  walker.select(select, new Set());
  return [...tables];
}

class PgAstWalker {
  readonly #policy: PgAstPolicy;
  readonly #tables: Set<string>;

  constructor(policy: PgAstPolicy, tables: Set<string>) {
    this.#policy = policy;
    this.#tables = tables;
  }

  /** `scope` holds the CTE names an unqualified table name refers to at this point. */
  visit(value: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, scope);
      return;
    }
    if (!isObject(value)) return;
    const keys = Object.keys(value);
    const kind = keys.length === 1 && /^[A-Z]/.test(keys[0] ?? "") ? keys[0] : undefined;
    if (kind === undefined) this.#struct(value, scope);
    else this.#node(kind, value[kind], scope);
  }

  #node(kind: string, body: unknown, scope: ReadonlySet<string>): void {
    const refused = refusedKinds.get(kind);
    if (refused) throw new PgAstViolation(`${capitalize(refused)}.`);
    if (!isObject(body)) throw new PgAstViolation(`The SQL construct ${kind} could not be read.`);
    if (kind === "SelectStmt") this.select(body, scope);
    else if (kind === "RangeVar") this.#rangeVar(body, scope);
    else if (kind === "RangeFunction") this.#rangeFunction(body, scope);
    else if (kind === "FuncCall") this.#funcCall(body, scope);
    else if (kind === "A_Expr") this.#operator(body, scope);
    else if (allowedKinds.has(kind)) this.#struct(body, scope);
    else throw new PgAstViolation(`The SQL construct ${kind} is not allowed in a read-only query.`);
  }

  /** An unwrapped struct, or a node's body: walked field by field, with the shape checks that fail closed. */
  #struct(node: JsonObject, scope: ReadonlySet<string>, skip?: ReadonlySet<string>): void {
    if (typeof node.relname === "string" && !skip?.has("relname")) {
      this.#rangeVar(node, scope);
      return;
    }
    if (isSet(node.intoClause)) throw new PgAstViolation(`${capitalize(refusedKinds.get("IntoClause"))}.`);
    if (isSet(node.lockingClause)) {
      throw new PgAstViolation(`${capitalize(refusedKinds.get("LockingClause"))}.`);
    }
    if ("withClause" in node && !skip?.has("withClause")) {
      throw new PgAstViolation("A WITH clause outside a SELECT is not allowed.");
    }
    for (const [key, child] of Object.entries(node)) if (!skip?.has(key)) this.visit(child, scope);
  }

  /**
   * A SELECT, a set operation (its arms are unwrapped `larg`/`rarg`) or VALUES. Its WITH list is in scope
   * for the whole statement, arms included. Without RECURSIVE a CTE sees only the CTEs before it (a later
   * name means a table, which must pass the table check); with RECURSIVE every CTE of the list sees all.
   */
  select(node: JsonObject, scope: ReadonlySet<string>): void {
    const inner = new Set(scope);
    const withClause = node.withClause;
    if (withClause !== undefined) {
      if (!isObject(withClause)) throw new PgAstViolation("A WITH clause could not be read.");
      const ctes = cteEntries(withClause.ctes);
      const recursive = withClause.recursive === true;
      if (recursive) for (const cte of ctes) inner.add(cte.name);
      for (const cte of ctes) {
        this.#cte(cte.body, recursive ? inner : new Set(inner));
        inner.add(cte.name);
      }
    }
    for (const arm of [node.larg, node.rarg]) {
      if (arm === undefined) continue;
      if (!isObject(arm)) throw new PgAstViolation("A set operation could not be read.");
      this.select(arm, inner);
    }
    this.#struct(node, inner, new Set(["withClause", "larg", "rarg"]));
  }

  #cte(body: JsonObject, scope: ReadonlySet<string>): void {
    const query = body.ctequery;
    const kind = isObject(query) ? Object.keys(query)[0] : undefined;
    if (kind !== "SelectStmt") {
      const reason = kind === undefined ? undefined : refusedKinds.get(kind);
      throw new PgAstViolation(
        reason ? `${capitalize(reason)}.` : "A WITH query must be a SELECT; data-modifying WITH is not allowed.",
      );
    }
    this.#struct(body, scope);
  }

  #rangeVar(ref: JsonObject, scope: ReadonlySet<string>): void {
    const name = String(ref.relname ?? "");
    const schema = typeof ref.schemaname === "string" ? ref.schemaname : undefined;
    const qualified = [ref.catalogname, schema, name].filter((part) => typeof part === "string").join(".");
    if (typeof ref.catalogname === "string") {
      throw new PgAstViolation(`The table ${qualified} names a database; query the session's tables.`);
    }
    if (schema === undefined && scope.has(name)) {
      this.#struct(ref, scope, new Set(["relname"]));
      return;
    }
    if (isSystemRelationName(name) || (schema !== undefined && isSystemSchemaName(schema))) {
      throw new PgAstViolation(`The system catalog ${qualified} may not be read; query the session's tables.`);
    }
    if (schema !== undefined && schema !== this.#policy.schema) {
      throw new PgAstViolation(
        `The table ${qualified} is in another schema; only the tables of schema ${quoteIdent(this.#policy.schema)} may be read.`,
      );
    }
    if (!this.#policy.allowedTables.has(name)) throw new PgAstViolation(this.#unavailable(name));
    this.#tables.add(name);
    this.#struct(ref, scope, new Set(["relname"]));
  }

  #unavailable(name: string): string {
    const available = [...this.#policy.allowedTables];
    const sameLetters = available.find((table) => table.toLowerCase() === name.toLowerCase());
    const hint = sameLetters
      ? ` Did you mean ${quoteIdent(sameLetters)}? Names with capitals must be double-quoted.`
      : "";
    const list = available.map(quoteIdent).join(", ") || "none";
    return `The table ${quoteIdent(name)} is not available.${hint} Available tables: ${list}.`;
  }

  /** `FROM f(...)` and `ROWS FROM (f(...), g(...))`: each item must be an allowed generator. */
  #rangeFunction(ref: JsonObject, scope: ReadonlySet<string>): void {
    const items = Array.isArray(ref.functions) ? ref.functions : [];
    for (const item of items) {
      const pair = isObject(item) && isObject(item.List) ? item.List.items : undefined;
      const call = Array.isArray(pair) && isObject(pair[0]) ? pair[0].FuncCall : undefined;
      const parts = isObject(call) ? nameParts(call.funcname) : [];
      const name = parts.at(-1) ?? "";
      const qualifierOk = parts.length === 1 || (parts.length === 2 && parts[0] === "pg_catalog");
      if (!allowedFromFunctions.has(name) || !qualifierOk) {
        const shown = parts.length > 0 ? parts.join(".") : "this expression";
        throw new PgAstViolation(
          `The function ${shown} is not allowed in FROM; only the session's tables, subqueries, VALUES, ` +
            `${[...allowedFromFunctions].join(" and ")} may appear there.`,
        );
      }
    }
    this.#struct(ref, scope);
  }

  #funcCall(call: JsonObject, scope: ReadonlySet<string>): void {
    const parts = nameParts(call.funcname);
    const name = parts.at(-1) ?? "";
    this.#checkQualifier(parts, "function");
    const reason = forbiddenPgFunctionReason(name);
    if (reason) throw new PgAstViolation(`The function ${parts.join(".")} is not allowed: it ${reason}.`);
    this.#struct(call, scope);
  }

  /** Operators are functions too: a qualified one must live where unqualified names resolve. */
  #operator(expr: JsonObject, scope: ReadonlySet<string>): void {
    this.#checkQualifier(nameParts(expr.name), "operator");
    this.#struct(expr, scope);
  }

  /**
   * Unqualified names resolve through the transaction's `search_path`: `pg_catalog`, then the engine's
   * schema. A qualifier may name only those two, so a call cannot reach a function of another schema.
   */
  #checkQualifier(parts: readonly string[], what: string): void {
    if (parts.length <= 1) return;
    const qualifier = parts.slice(0, -1);
    if (qualifier.length === 1 && (qualifier[0] === "pg_catalog" || qualifier[0] === this.#policy.schema)) return;
    throw new PgAstViolation(
      `The ${what} ${parts.join(".")} is qualified with another schema; call it without a schema.`,
    );
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field that holds something: not absent, not null, not an empty list. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** The parts of a qualified name: a list of `{String: {sval}}` nodes. */
function nameParts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((part) => {
    const value = isObject(part) && isObject(part.String) ? part.String.sval : undefined;
    if (typeof value !== "string") throw new PgAstViolation("A name could not be read.");
    return value;
  });
}

/** The CTEs of a WITH clause in definition order. */
function cteEntries(ctes: unknown): { name: string; body: JsonObject }[] {
  if (!Array.isArray(ctes)) throw new PgAstViolation("A WITH clause could not be read.");
  return ctes.map((entry: unknown) => {
    const body = isObject(entry) ? entry.CommonTableExpr : undefined;
    if (!isObject(body) || typeof body.ctename !== "string") {
      throw new PgAstViolation("A CTE could not be read.");
    }
    if (isSystemRelationName(body.ctename)) {
      throw new PgAstViolation(
        `The CTE name ${quoteIdent(body.ctename)} is reserved for PostgreSQL's catalog; choose another name.`,
      );
    }
    return { name: body.ctename, body };
  });
}

/** A name as SQL would write it: bare when it folds to itself, else double-quoted. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function capitalize(text = ""): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
