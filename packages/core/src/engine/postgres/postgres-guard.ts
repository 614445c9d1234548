import { QuarryError } from "../../errors/quarry-error.js";
import { maxSqlLength } from "../guard/duckdb-guard.js";
import {
  loadPgParser,
  nodeKind,
  parseStatements,
  type RawStatement,
  statementName,
  statementText,
} from "../guard/pg-parser.js";
import type { GuardResult } from "../sql-engine.js";
import { PgAstViolation, walkPgSelect } from "./pg-ast-walk.js";
import { isSystemSchemaName } from "./pg-forbidden.js";

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
 * Functions and operators resolve in `pg_catalog` and the engine's schema only (a qualifier naming another
 * schema is refused); functions a host defines in its own schema are trusted like its tables.
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
