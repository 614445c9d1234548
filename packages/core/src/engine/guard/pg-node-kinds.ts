/**
 * The parse-tree node kinds (libpg-query, PostgreSQL 18 grammar) a guarded statement may contain. The walk
 * in pg-tree-walk.ts refuses every kind not listed, so a construct a later PostgreSQL adds is refused until
 * someone reads what it does and lists it here. The Postgres guard allows {@link allowedKinds}; the
 * portable DuckDB guard allows them less {@link postgresOnlyKinds}.
 */

/** Node kinds a read-only SELECT is built of. Tables, functions and queries get their own checks. */
export const allowedKinds: ReadonlySet<string> = new Set([
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
export const refusedKinds: ReadonlyMap<string, string> = new Map([
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
 * Allowed kinds that only PostgreSQL runs: DuckDB's grammar (forked from an older PostgreSQL) has no XML
 * functions, no SQL/JSON constructors (PostgreSQL 16+) and no `SEARCH`/`CYCLE` clause on recursive CTEs.
 * The portable DuckDB guard refuses them with a reason instead of passing DuckDB text it cannot run.
 */
export const postgresOnlyKinds: ReadonlyMap<string, string> = new Map(
  [...allowedKinds]
    .filter((kind) => /^(Xml|Json)/.test(kind) || kind === "CTECycleClause" || kind === "CTESearchClause")
    .map((kind) => [
      kind,
      kind.startsWith("Xml")
        ? "XML functions are PostgreSQL-only; DuckDB has none"
        : kind.startsWith("Json")
          ? "SQL/JSON syntax (JSON_OBJECT(... VALUE ...), IS JSON, JSON_QUERY, …) is PostgreSQL-only; use DuckDB's json functions"
          : "SEARCH and CYCLE clauses are PostgreSQL-only",
    ]),
);
