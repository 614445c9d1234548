/**
 * A walk over the JSON parse tree libpg-query (PostgreSQL's own parser) produces for one SELECT, shared by
 * the Postgres guard and the portable DuckDB guard; what a name means is left to each dialect's
 * {@link PgTreeRules}. A node is an object with one PascalCase key naming its kind (`{"FuncCall": {...}}`);
 * fields whose C type is a specific struct are written without that wrapper (`"alias": {...}`,
 * `"withClause": {...}`, the `larg` and `rarg` of a set operation). Every field of every object and array is
 * visited, so a table or function nested anywhere (a subquery in a function argument, a LATERAL join, a
 * CTE, a window, a CASE) is seen.
 *
 * It fails closed: every node kind must be one the rules allow, so a construct a later PostgreSQL adds is
 * refused until someone reads what it does. Unwrapped structs are recognised by shape where it matters:
 * anything with a `relname` is checked as a table reference, anything with `intoClause` or `lockingClause`
 * set is refused.
 */

/** Thrown by a walk with a reason meant for the author of the SQL. */
export class PgAstViolation extends Error {
  override readonly name = "PgAstViolation";
}

/** A table reference as the parser gives it (`catalog.schema.name`); absent qualifiers are `undefined`. */
export interface PgTableRef {
  name: string;
  schema: string | undefined;
  catalog: string | undefined;
}

/** What names mean in one dialect. Each check throws {@link PgAstViolation} to refuse. */
export interface PgTreeRules {
  /** Node kinds a read-only statement may hold; tables, functions and queries get their own checks. */
  readonly allowedKinds: ReadonlySet<string>;
  /** Node kinds refused with a reason of their own (lower-case start; the walk capitalises it). */
  readonly refusedKinds: ReadonlyMap<string, string>;
  /**
   * Under `WITH RECURSIVE`, PostgreSQL lets every CTE of the list see every other (`whole-list`); DuckDB
   * lets a CTE see only the ones before it, and itself only in the recursive term of its UNION
   * (`own-recursive-term`). Without RECURSIVE both see only the CTEs before.
   */
  readonly recursiveScope: "whole-list" | "own-recursive-term";
  /** The key a CTE has in scope (how the dialect compares names); refuses names that may not be CTEs. */
  cteKey(name: string): string;
  /** The allowed table a reference reads, or `undefined` when it names a CTE of `scope`. */
  table(ref: PgTableRef, scope: ReadonlySet<string>): string | undefined;
  /** Checks one function of `FROM f(...)` by its name parts (`undefined` parts: not a plain call). */
  fromFunction(parts: readonly string[] | undefined): void;
  /** Checks a function call anywhere by its name parts. */
  functionCall(parts: readonly string[]): void;
  /** Checks an operator by its name parts (`OPERATOR(schema.+)` has two). */
  operator(parts: readonly string[]): void;
}

type JsonObject = { readonly [key: string]: unknown };

/**
 * Checks one statement's parse tree (`parse(sql).stmts[0].stmt`, a `{SelectStmt}`) under `rules` and
 * returns the allowed tables it reads. Throws {@link PgAstViolation} on the first thing that may not run.
 */
export function walkPgTree(statement: unknown, rules: PgTreeRules): string[] {
  const tables = new Set<string>();
  const select = isObject(statement) ? statement.SelectStmt : undefined;
  if (!isObject(select)) throw new PgAstViolation("The statement is not a SELECT.");
  new PgTreeWalker(rules, tables).select(select, new Set());
  return [...tables];
}

class PgTreeWalker {
  readonly #rules: PgTreeRules;
  readonly #tables: Set<string>;

  constructor(rules: PgTreeRules, tables: Set<string>) {
    this.#rules = rules;
    this.#tables = tables;
  }

  /** `scope` holds the keys of the CTE names an unqualified table name refers to at this point. */
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
    const refused = this.#rules.refusedKinds.get(kind);
    if (refused) throw new PgAstViolation(`${capitalize(refused)}.`);
    if (!isObject(body)) throw new PgAstViolation(`The SQL construct ${kind} could not be read.`);
    if (kind === "SelectStmt") this.select(body, scope);
    else if (kind === "RangeVar") this.#rangeVar(body, scope);
    else if (kind === "RangeFunction") this.#rangeFunction(body, scope);
    else if (kind === "FuncCall") this.#funcCall(body, scope);
    else if (kind === "A_Expr") this.#operator(body, scope);
    else if (this.#rules.allowedKinds.has(kind)) this.#struct(body, scope);
    else throw new PgAstViolation(`The SQL construct ${kind} is not allowed in a read-only query.`);
  }

  /** An unwrapped struct, or a node's body: walked field by field, with the shape checks that fail closed. */
  #struct(node: JsonObject, scope: ReadonlySet<string>, skip?: ReadonlySet<string>): void {
    if (typeof node.relname === "string" && !skip?.has("relname")) {
      this.#rangeVar(node, scope);
      return;
    }
    if (isSet(node.intoClause)) throw new PgAstViolation(this.#refusal("IntoClause"));
    if (isSet(node.lockingClause)) throw new PgAstViolation(this.#refusal("LockingClause"));
    if ("withClause" in node && !skip?.has("withClause")) {
      throw new PgAstViolation("A WITH clause outside a SELECT is not allowed.");
    }
    for (const [key, child] of Object.entries(node)) if (!skip?.has(key)) this.visit(child, scope);
  }

  #refusal(kind: string): string {
    return `${capitalize(this.#rules.refusedKinds.get(kind) ?? `${kind} is not allowed`)}.`;
  }

  /**
   * A SELECT, a set operation (its arms are unwrapped `larg`/`rarg`) or VALUES. Its WITH list is in scope
   * for the whole statement, arms included; which CTE sees which is the dialect's (see
   * {@link PgTreeRules.recursiveScope}). `recursiveSelf` is the key of the recursive CTE whose body this
   * is, visible in the recursive term (`rarg`) of a UNION only.
   */
  select(node: JsonObject, scope: ReadonlySet<string>, recursiveSelf?: string): void {
    const inner = new Set(scope);
    const withClause = node.withClause;
    if (withClause !== undefined) {
      if (!isObject(withClause)) throw new PgAstViolation("A WITH clause could not be read.");
      const ctes = this.#cteEntries(withClause.ctes);
      const recursive = withClause.recursive === true;
      const wholeList = recursive && this.#rules.recursiveScope === "whole-list";
      if (wholeList) for (const cte of ctes) inner.add(cte.key);
      for (const cte of ctes) {
        const self = recursive && !wholeList ? cte.key : undefined;
        this.#cte(cte.body, wholeList ? inner : new Set(inner), self);
        inner.add(cte.key);
      }
    }
    const union = node.op === "SETOP_UNION";
    for (const [arm, value] of [
      ["larg", node.larg],
      ["rarg", node.rarg],
    ] as const) {
      if (value === undefined) continue;
      if (!isObject(value)) throw new PgAstViolation("A set operation could not be read.");
      const self = arm === "rarg" && union ? recursiveSelf : undefined;
      this.select(value, self === undefined ? inner : new Set(inner).add(self));
    }
    this.#struct(node, inner, new Set(["withClause", "larg", "rarg"]));
  }

  #cte(body: JsonObject, scope: ReadonlySet<string>, recursiveSelf: string | undefined): void {
    const query = body.ctequery;
    const kind = isObject(query) ? Object.keys(query)[0] : undefined;
    const select = isObject(query) ? query.SelectStmt : undefined;
    if (kind !== "SelectStmt" || !isObject(select)) {
      const reason = kind === undefined ? undefined : this.#rules.refusedKinds.get(kind);
      throw new PgAstViolation(
        reason
          ? `${capitalize(reason)}.`
          : "A WITH query must be a SELECT; data-modifying WITH is not allowed.",
      );
    }
    this.#struct(body, scope, new Set(["ctequery"]));
    this.select(select, scope, recursiveSelf);
  }

  #rangeVar(ref: JsonObject, scope: ReadonlySet<string>): void {
    const table = this.#rules.table(
      {
        name: String(ref.relname ?? ""),
        schema: typeof ref.schemaname === "string" ? ref.schemaname : undefined,
        catalog: typeof ref.catalogname === "string" ? ref.catalogname : undefined,
      },
      scope,
    );
    if (table !== undefined) this.#tables.add(table);
    this.#struct(ref, scope, new Set(["relname"]));
  }

  /** `FROM f(...)` and `ROWS FROM (f(...), g(...))`: each item is checked by the dialect. */
  #rangeFunction(ref: JsonObject, scope: ReadonlySet<string>): void {
    const items = Array.isArray(ref.functions) ? ref.functions : [];
    for (const item of items) {
      const pair = isObject(item) && isObject(item.List) ? item.List.items : undefined;
      const call = Array.isArray(pair) && isObject(pair[0]) ? pair[0].FuncCall : undefined;
      this.#rules.fromFunction(isObject(call) ? nameParts(call.funcname) : undefined);
    }
    this.#struct(ref, scope);
  }

  #funcCall(call: JsonObject, scope: ReadonlySet<string>): void {
    this.#rules.functionCall(nameParts(call.funcname));
    this.#struct(call, scope);
  }

  #operator(expr: JsonObject, scope: ReadonlySet<string>): void {
    this.#rules.operator(nameParts(expr.name));
    this.#struct(expr, scope);
  }

  /** The CTEs of a WITH clause in definition order, with their scope keys. */
  #cteEntries(ctes: unknown): { key: string; body: JsonObject }[] {
    if (!Array.isArray(ctes)) throw new PgAstViolation("A WITH clause could not be read.");
    return ctes.map((entry: unknown) => {
      const body = isObject(entry) ? entry.CommonTableExpr : undefined;
      if (!isObject(body) || typeof body.ctename !== "string") {
        throw new PgAstViolation("A CTE could not be read.");
      }
      return { key: this.#rules.cteKey(body.ctename), body };
    });
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
export function nameParts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((part) => {
    const value = isObject(part) && isObject(part.String) ? part.String.sval : undefined;
    if (typeof value !== "string") throw new PgAstViolation("A name could not be read.");
    return value;
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
