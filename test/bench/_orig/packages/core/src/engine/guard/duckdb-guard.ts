import { QuarryError } from "../../errors/quarry-error.js";
import type { GuardResult } from "../sql-engine.js";
import { asciiLower } from "./forbidden-functions.js";
import { AstViolation, walkSelectAst } from "./sql-ast-walk.js";

/**
 * The parts of a DuckDB connection the guard needs, described by shape so that DuckDB native and
 * DuckDB-WASM share one guard.
 */
export interface DuckDbSqlParser {
  /** The text of `SELECT json_serialize_sql($1)` for `sql`, passed as a parameter. Only parses. */
  serializeSql(sql: string): Promise<string>;
  /**
   * How many statements the connection's own parser splits the text into (`extractStatements`); optional,
   * a cross-check. It is asked only about text already known to hold nothing but SELECTs: on other text
   * it expands PRAGMAs, and `IMPORT DATABASE` then reads files while "parsing".
   */
  countStatements?(sql: string): Promise<number>;
}

/** What a guarded statement may read. */
export interface DuckDbGuardPolicy {
  /** The tables the statement may read; matched case-insensitively, as DuckDB matches identifiers. */
  allowedTables: readonly string[];
  /** The engine's database name (`memory` for an in-memory DuckDB), accepted as a qualifier. */
  databaseName?: string;
}

/** An accepted statement: the tables it reads and its parsed form. */
export interface CheckedStatement extends GuardResult {
  /** The statement's AST as `json_serialize_sql` gave it. */
  statement: unknown;
}

/** Longer SQL is refused before parsing; no question needs it and parsing it would cost memory. */
export const maxSqlLength = 100_000;

const readOnly = "Only one read-only SELECT (or WITH … SELECT) statement may run";

/**
 * Checks SQL a model or user proposes before it runs on DuckDB. Accepts exactly one SELECT (WITH, UNION,
 * VALUES, PIVOT … IN, FROM-first) that reads only the allowed tables, CTEs in scope and the generator
 * functions `range`, `generate_series`, `unnest`, and calls no function that touches files, settings, the
 * catalog or session state.
 *
 * Errors: `UNSAFE_SQL` for anything that may not run (another statement kind, several statements, a
 * forbidden table or function); `QUERY_FAILED` for a syntax error, which the model should repair;
 * `INVALID_INPUT` for SQL over {@link maxSqlLength} characters.
 */
export async function checkDuckDbSql(
  parser: DuckDbSqlParser,
  sql: string,
  policy: DuckDbGuardPolicy,
): Promise<CheckedStatement> {
  if (sql.length > maxSqlLength) {
    throw new QuarryError("INVALID_INPUT", `The SQL is longer than ${maxSqlLength} characters.`);
  }
  const statements = parseSerialized(await parser.serializeSql(sql), sql);
  checkCount(statements.length);
  const count = await countStatements(parser, sql);
  if (count !== undefined) checkCount(count);
  const allowedTables = new Map(policy.allowedTables.map((name) => [asciiLower(name), name]));
  try {
    const tables = walkSelectAst(statements[0], {
      allowedTables,
      databaseName: policy.databaseName ?? "memory",
    });
    return { tables, statement: statements[0] };
  } catch (error) {
    if (error instanceof AstViolation) throw new QuarryError("UNSAFE_SQL", error.message);
    throw error;
  }
}

async function countStatements(parser: DuckDbSqlParser, sql: string): Promise<number | undefined> {
  try {
    return await parser.countStatements?.(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The native binding fails without a message on text holding no statement; the serializer said so.
    if (/native callback/i.test(message)) return undefined;
    throw new QuarryError("QUERY_FAILED", message.replace(/^Failed to extract statements:\s*/, ""), {
      cause: error,
    });
  }
}

function checkCount(count: number): void {
  if (count === 0) throw new QuarryError("QUERY_FAILED", "The SQL contains no statement.");
  if (count > 1) {
    throw new QuarryError("UNSAFE_SQL", `${readOnly}; the SQL contains ${count} statements.`, {
      details: { statements: count },
    });
  }
}

interface SerializedSql {
  error?: boolean;
  error_type?: string;
  error_message?: string;
  statements?: unknown[];
}

/**
 * `json_serialize_sql` refuses every statement that is not a SELECT ("not implemented"), which is what
 * makes it the gate for DML, DDL, COPY, ATTACH, PRAGMA, SET, EXPLAIN and the rest; a parser error is a
 * syntax mistake, not an attack, so it goes back to the author to repair.
 */
function parseSerialized(text: string, sql: string): unknown[] {
  let parsed: SerializedSql;
  try {
    parsed = JSON.parse(text) as SerializedSql;
  } catch (cause) {
    throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.", { cause });
  }
  if (parsed.error) {
    if (parsed.error_type === "parser") {
      throw new QuarryError("QUERY_FAILED", `Parser Error: ${parsed.error_message ?? "syntax error"}`);
    }
    throw new QuarryError("UNSAFE_SQL", refusedKind(sql), {
      details: { firstKeyword: leadingKeyword(sql), reason: parsed.error_message },
    });
  }
  if (!Array.isArray(parsed.statements)) throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.");
  return parsed.statements;
}

function refusedKind(sql: string): string {
  const keyword = leadingKeyword(sql);
  if (keyword === undefined || ["SELECT", "WITH", "FROM", "VALUES", "TABLE"].includes(keyword)) {
    return (
      `${readOnly}; the SQL holds something else (a second statement after ';', a data-modifying WITH, ` +
      "or a PIVOT without an IN list)."
    );
  }
  return `${readOnly}; ${keyword} statements are refused.`;
}

/** The statement's first keyword, past comments, whitespace and opening parentheses, for messages. */
export function leadingKeyword(sql: string): string | undefined {
  const rest = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, "");
  return /^[A-Za-z_]+/.exec(rest)?.[0]?.toUpperCase();
}
