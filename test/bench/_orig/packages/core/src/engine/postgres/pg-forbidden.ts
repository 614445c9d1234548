import { asciiLower } from "../guard/forbidden-functions.js";

/**
 * Which functions and relations a guarded PostgreSQL statement may name.
 *
 * Set-returning functions in `FROM` are an allow-list: only the value generators `generate_series` and
 * `unnest`. Everything else there (`dblink`, `pg_ls_dir`, `XMLTABLE`, `JSON_TABLE`, a host's own functions)
 * is refused, so the only rows a query sees come from the allowed tables and its own values.
 *
 * Scalar, aggregate and window functions are a deny-list: PostgreSQL has thousands, nearly all pure, and an
 * allow-list would refuse harmless ones a model reasonably writes. Refused: the admin and catalog families
 * (every `pg_*` function except a few pure helpers: reading files, signalling backends, advisory locks,
 * sleeping, replication, catalog definitions), large objects, `dblink`, settings, sequences, transaction
 * ids, and the functions that run SQL given as text (`query_to_xml` and its kin, `ts_stat`, `ts_rewrite`).
 * Names are compared ASCII-case-insensitively and with any schema qualifier removed, so
 * `pg_catalog.PG_SLEEP` is caught; the READ ONLY transaction and a read-only role stand behind this list.
 *
 * `xpath`, `xmlparse` and the other XML functions stay allowed: they evaluate a value held in the query,
 * and PostgreSQL's libxml integration does not load external entities or DTDs, so they cannot read files.
 */

/** Set-returning functions a statement may call in `FROM`. */
export const allowedFromFunctions: ReadonlySet<string> = new Set(["generate_series", "unnest"]);

/** `pg_*` functions that are pure and common in generated SQL. */
const allowedPgFunctions: ReadonlySet<string> = new Set([
  "pg_typeof",
  "pg_size_pretty",
  "pg_column_size",
  "pg_input_is_valid",
]);

const forbiddenNames: ReadonlyMap<string, string> = new Map([
  ...names("reads or changes settings", ["current_setting", "set_config"]),
  ...names("changes sequences or session state", ["nextval", "setval", "currval", "lastval", "setseed"]),
  ...names("reads or writes large objects", ["loread", "lowrite"]),
  ...names("runs SQL given as text", ["ts_stat", "ts_rewrite"]),
  ...names("reads the catalog", ["obj_description", "col_description", "shobj_description"]),
  ...names("changes index state", [
    "brin_summarize_new_values",
    "brin_summarize_range",
    "brin_desummarize_range",
    "gin_clean_pending_list",
  ]),
]);

/** Prefixes refused, with the reason; whole families, including members a later PostgreSQL adds. */
const forbiddenPrefixes: readonly [string, string][] = [
  ["pg_", "is a PostgreSQL administration or catalog function"],
  ["lo_", "reads or writes large objects (files on the server)"],
  ["dblink", "connects to other databases"],
  ["txid_", "reads or assigns transaction ids"],
  ["query_to_xml", "runs SQL given as text"],
  ["cursor_to_xml", "reads an open cursor"],
  ["table_to_xml", "reads a table named as text"],
  ["schema_to_xml", "reads a whole schema"],
  ["database_to_xml", "reads the whole database"],
  ["to_reg", "reads the catalog"],
  ["binary_upgrade_", "changes the catalog"],
];

function names(reason: string, list: readonly string[]): [string, string][] {
  return list.map((name) => [name, reason]);
}

/**
 * Why a function may not be called, or `undefined` when it may. `name` is the unqualified name as the
 * parser gives it (unquoted names are already lower case). Non-ASCII names are refused: every built-in is
 * ASCII, so such a name is a look-alike (Cyrillic `е`, fullwidth letters) meant to slip past a name check.
 */
export function forbiddenPgFunctionReason(name: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(name)) return "uses non-ASCII look-alike characters";
  const lower = asciiLower(name);
  const exact = forbiddenNames.get(lower);
  if (exact) return exact;
  if (allowedPgFunctions.has(lower)) return undefined;
  for (const [prefix, reason] of forbiddenPrefixes) if (lower.startsWith(prefix)) return reason;
  return undefined;
}

/** Schemas whose relations are the server's own: never readable, and never the engine's schema. */
export function isSystemSchemaName(name: string): boolean {
  const lower = asciiLower(name);
  return lower === "information_schema" || lower.startsWith("pg_");
}

/**
 * True for names of the system catalogs and views (`pg_class`, `pg_settings`, `pg_stat_activity`, and any
 * other `pg_*`): unqualified, they resolve to `pg_catalog`, which is searched before the engine's schema.
 */
export function isSystemRelationName(name: string): boolean {
  return isSystemSchemaName(name);
}
