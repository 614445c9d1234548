/**
 * Which functions and relations a guarded DuckDB statement may name.
 *
 * Table functions (in `FROM`) are an allow-list: almost every table function of DuckDB 1.5 reads files
 * (`read_*`, `glob`, `sniff_csv`, `parquet_*`), runs SQL given as a string (`query`, `query_table`,
 * `json_execute_serialized_sql`), exposes the catalog, settings or secrets (`duckdb_*`, `pragma_*`,
 * `which_secret`) or changes state (`checkpoint`, `enable_logging`). Only generators over values are safe,
 * and an extension loaded later could add new file readers, so anything unknown is refused.
 *
 * Scalar, aggregate and window functions are a deny-list: there are ~800 of them, nearly all pure, and an
 * allow-list would refuse harmless functions the model reasonably uses (and drift with every DuckDB
 * release). The few that touch settings, session state, the catalog (through built-in macros), or run SQL
 * strings are refused by name, and whole families by prefix or fragment so that a renamed or newly added
 * member (e.g. another `read_*` or `*_serialize_*`) is refused too. The engine's lockdown
 * (`enable_external_access=false`, locked configuration) stands behind this list.
 */

/** Table functions a statement may call in `FROM`: value generators that touch nothing outside the query. */
export const allowedTableFunctions: ReadonlySet<string> = new Set(["range", "generate_series", "unnest"]);

/** Scalar/aggregate/window function names refused wherever they appear, with the reason the model is told. */
const forbiddenFunctionNames: ReadonlyMap<string, string> = new Map([
  ...names("reads settings, the environment or session state", ["current_setting", "getenv", "getvariable"]),
  ...names("changes session state", ["setseed", "nextval", "currval"]),
  ...names("runs, plans or (de)serializes SQL given as text", [
    "query",
    "query_table",
    "sql_auto_complete",
    "check_peg_parser",
  ]),
  ...names("stalls a worker thread", ["sleep_ms", "pg_sleep"]),
  // Built-in macros whose bodies read catalog table functions (duckdb_types, duckdb_views, ...).
  ...names("reads the catalog", ["format_type", "get_block_size", "summary"]),
  ...names("touches files, extensions or storage", [
    "glob",
    "sniff_csv",
    "load",
    "install",
    "force_checkpoint",
    "write_log",
    "which_secret",
  ]),
]);

/** Name prefixes refused: file readers and writers, catalog and pragma functions, toggles of engine features. */
const forbiddenPrefixes: readonly [string, string][] = [
  ["read_", "reads files"],
  ["write_", "writes files or logs"],
  ["parquet_", "reads files"],
  ["duckdb_", "reads the catalog or engine state"],
  ["pragma_", "reads the catalog or engine state"],
  ["sqlite_", "reads the catalog"],
  ["enable_", "changes engine settings"],
  ["disable_", "changes engine settings"],
  ["pg_", "is a PostgreSQL catalog or server function"],
];

/** Built-in `pg_` macros that are pure and common in generated SQL. */
const allowedPgFunctions: ReadonlySet<string> = new Set(["pg_typeof", "pg_size_pretty"]);

/** Name fragments refused: whole families, including members a later DuckDB or extension may add. */
const forbiddenFragments: readonly [string, string][] = [
  ["serialize", "runs, plans or (de)serializes SQL given as text"],
  ["secret", "reads secrets"],
  ["checkpoint", "touches storage"],
  ["extension", "touches extensions"],
  ["logging", "changes engine settings"],
  ["profil", "changes engine settings"],
  ["_scan", "reads files or other databases"],
  ["_query", "runs SQL given as text"],
  ["_logs", "reads engine logs"],
];

function names(reason: string, list: readonly string[]): [string, string][] {
  return list.map((name) => [name, reason]);
}

/** Lowercases ASCII letters only, as DuckDB folds identifiers; other characters stay as they are. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * Why a scalar, aggregate or window function may not be called, or `undefined` when it may.
 * Non-ASCII names are refused: every built-in is ASCII, so such a name is a look-alike (Cyrillic `е`,
 * fullwidth letters) meant to slip past a name check.
 */
export function forbiddenFunctionReason(name: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(name)) return "uses non-ASCII look-alike characters";
  const lower = asciiLower(name);
  const exact = forbiddenFunctionNames.get(lower);
  if (exact) return exact;
  if (allowedPgFunctions.has(lower)) return undefined;
  for (const [prefix, reason] of forbiddenPrefixes) if (lower.startsWith(prefix)) return reason;
  for (const [fragment, reason] of forbiddenFragments) if (lower.includes(fragment)) return reason;
  return undefined;
}

/**
 * True for names of DuckDB's own relations (`duckdb_tables`, `sqlite_master`, `pg_class`,
 * `information_schema`, `pragma_database_list`): a CTE or table of that name could shadow, or be confused
 * with, the catalog, so neither may use one.
 */
export function isSystemRelationName(name: string): boolean {
  const lower = asciiLower(name);
  return (
    lower === "information_schema" ||
    lower === "pg_catalog" ||
    ["duckdb_", "pragma_", "sqlite_", "pg_"].some((prefix) => lower.startsWith(prefix))
  );
}
