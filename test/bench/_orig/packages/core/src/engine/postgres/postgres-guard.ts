import { QuarryError } from "../../errors/quarry-error.js";
import { maxSqlLength } from "../guard/duckdb-guard.js";
import type { GuardResult } from "../sql-engine.js";
import { PgAstViolation, walkPgSelect } from "./pg-ast-walk.js";
import { isSystemSchemaName } from "./pg-forbidden.js";

/** One statement of libpg-query's parse result; offsets are in UTF-8 bytes, `stmt_len` 0 means "to the end". */
interface RawStatement {
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

/** An accepted statement: the tables it reads, its parse tree and its own text. */
export interface CheckedPostgresStatement extends GuardResult {
  /** The statement's parse tree, `{ SelectStmt: … }`. */
  statement: unknown;
  /** The statement's text without a trailing semicolon or anything after it, to wrap in a subquery. */
  text: string;
}

const readOnly = "Only one read-only SELECT (or WITH … SELECT) statement may run";

/**
 * Checks SQL a model or user proposes before it runs on PostgreSQL, with PostgreSQL's own parser. Accepts
 * exactly one SELECT (WITH, UNION/INTERSECT/EXCEPT, VALUES, TABLE) that reads only the allowed tables of
 * `schema` and CTEs in scope, calls no administration, catalog, file or session function (see
 * pg-forbidden.ts), takes no row locks and creates nothing (`SELECT … INTO`).
 *
 * Table names match as PostgreSQL matches them: the parser folds unquoted names to lower case and keeps
 * quoted ones, and the result must equal an allowed name exactly (`"Customers"` reads the table
 * `Customers`; `Customers` unquoted means `customers`).
 *
 * Errors: `UNSAFE_SQL` for anything that may not run, naming it (another statement kind, several
 * statements, a forbidden table or function); `QUERY_FAILED` for a syntax error or no statement, which the
 * author should repair; `INVALID_INPUT` for SQL over {@link maxSqlLength} characters.
 *
 * The parser assumes `standard_conforming_strings = on` (the default since PostgreSQL 9.1); the engine sets
 * it in every transaction, so the server reads the text exactly as it was checked.
 */
export async function checkPostgresSql(
  sql: string,
  allowedTables: readonly string[],
  schema = "public",
): Promise<CheckedPostgresStatement> {
  if (sql.length > maxSqlLength) {
    throw new QuarryError("INVALID_INPUT", `The SQL is longer than ${maxSqlLength} characters.`);
  }
  if (isSystemSchemaName(schema)) {
    throw new QuarryError("INVALID_INPUT", `The schema ${schema} is a system schema.`);
  }
  const statements = await parseStatements(await loadPgParser(), sql);
  if (statements.length === 0) throw new QuarryError("QUERY_FAILED", "The SQL contains no statement.");
  if (statements.length > 1) {
    throw new QuarryError("UNSAFE_SQL", `${readOnly}; the SQL contains ${statements.length} statements.`, {
      details: { statements: statements.length },
    });
  }
  const [raw] = statements as [RawStatement];
  const kind = nodeKind(raw.stmt);
  if (kind !== "SelectStmt") {
    throw new QuarryError("UNSAFE_SQL", `${readOnly}; ${statementName(kind)} statements are refused.`, {
      details: { statement: kind ?? "unknown" },
    });
  }
  try {
    const tables = walkPgSelect(raw.stmt, { allowedTables: new Set(allowedTables), schema });
    return { tables, statement: raw.stmt, text: statementText(sql, raw) };
  } catch (error) {
    if (error instanceof PgAstViolation) throw new QuarryError("UNSAFE_SQL", error.message);
    throw error;
  }
}

/** Parses SQL into its statements; a syntax error is `QUERY_FAILED` with the parser's message. */
export async function parseStatements(parse: PgParse, sql: string): Promise<RawStatement[]> {
  if (sql.trim() === "") return [];
  try {
    const result = await parse(sql);
    if (!Array.isArray(result.stmts)) throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.");
    return result.stmts;
  } catch (error) {
    if (QuarryError.is(error)) throw error;
    // libpg-query reports syntax errors as SqlError, carrying the position in `sqlDetails`.
    if (error instanceof Error && error.name === "SqlError") {
      throw new QuarryError("QUERY_FAILED", error.message, { cause: error });
    }
    throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.", { cause: error });
  }
}

function nodeKind(node: unknown): string | undefined {
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
function statementText(sql: string, raw: RawStatement): string {
  const bytes = new TextEncoder().encode(sql);
  const start = raw.stmt_location ?? 0;
  const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
  return new TextDecoder().decode(bytes.subarray(start, end));
}
