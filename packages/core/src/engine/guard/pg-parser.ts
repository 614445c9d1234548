import { QuarryError } from "../../errors/quarry-error.js";

/**
 * PostgreSQL's own parser (libpg-query, the PostgreSQL 18 grammar compiled to WebAssembly) as both
 * libpg-query guards use it: the Postgres engine's, and the portable DuckDB guard that DuckDB-WASM runs
 * without DuckDB's `json_serialize_sql`. Nothing here imports Node built-ins.
 */

/** One statement of libpg-query's parse result; offsets are in UTF-8 bytes, `stmt_len` 0 means "to the end". */
export interface RawStatement {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

/** PostgreSQL's parser (libpg-query): SQL text to its parse tree, or a rejection for a syntax error. */
export type PgParse = (sql: string) => Promise<{ stmts?: RawStatement[] }>;

let parser: Promise<PgParse> | undefined;

/**
 * Loads libpg-query, the real PostgreSQL parser compiled to WebAssembly, once. It is an optional peer
 * dependency imported on first use, so `@quarry/core/postgres` users who only need the Store never load it.
 */
export function loadPgParser(): Promise<PgParse> {
  parser ??= import("libpg-query").then(
    (module) => module.parse as PgParse,
    (cause: unknown) => {
      parser = undefined;
      throw new QuarryError(
        "INVALID_INPUT",
        "The Postgres engine needs the optional dependency libpg-query (npm install libpg-query).",
        { cause },
      );
    },
  );
  return parser;
}

/**
 * Parses SQL into its statements; a syntax error is `QUERY_FAILED` with the parser's message (libpg-query
 * throws it as an error named `SqlError`).
 */
export async function parseStatements(parse: PgParse, sql: string): Promise<RawStatement[]> {
  if (sql.trim() === "") return [];
  try {
    const result = await parse(sql);
    if (!Array.isArray(result.stmts)) throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.");
    return result.stmts;
  } catch (error) {
    if (QuarryError.is(error)) throw error;
    if (error instanceof Error && error.name === "SqlError") {
      throw new QuarryError("QUERY_FAILED", error.message, { cause: error });
    }
    throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.", { cause: error });
  }
}

/** A parse-tree node's kind: its one key (`{"SelectStmt": {…}}` → `SelectStmt`). */
export function nodeKind(node: unknown): string | undefined {
  return typeof node === "object" && node !== null ? Object.keys(node)[0] : undefined;
}

/** Statement kinds whose name is not just their node name in capitals. */
const statementNames: Readonly<Record<string, string>> = {
  VariableSetStmt: "SET/RESET",
  VariableShowStmt: "SHOW",
  TransactionStmt: "transaction control (BEGIN, COMMIT, ROLLBACK, …)",
  GrantStmt: "GRANT/REVOKE",
  CreateTableAsStmt: "CREATE TABLE AS",
  VacuumStmt: "VACUUM/ANALYZE",
  FetchStmt: "FETCH/MOVE",
  ClosePortalStmt: "CLOSE",
  DeallocateStmt: "DEALLOCATE",
  CreateStmt: "CREATE TABLE",
  DropStmt: "DROP",
  IndexStmt: "CREATE INDEX",
  ViewStmt: "CREATE VIEW",
  CreateFunctionStmt: "CREATE FUNCTION",
  CommentStmt: "COMMENT",
};

/** `DeleteStmt` → `DELETE`, `CreateExtensionStmt` → `CREATE EXTENSION`: what the author wrote. */
export function statementName(kind: string | undefined): string {
  if (kind === undefined) return "unknown";
  const known = statementNames[kind];
  if (known) return known;
  return kind
    .replace(/Stmt$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toUpperCase();
}

/** The statement's own text: libpg-query's offsets count UTF-8 bytes, so they are applied to the bytes. */
export function statementText(sql: string, raw: RawStatement): string {
  const bytes = new TextEncoder().encode(sql);
  const start = raw.stmt_location ?? 0;
  const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
  return new TextDecoder().decode(bytes.subarray(start, end));
}
