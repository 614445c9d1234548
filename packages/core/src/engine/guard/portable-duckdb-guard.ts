import { QuarryError } from "../../errors/quarry-error.js";
import {
  type CheckedStatement,
  type DuckDbGuardPolicy,
  leadingKeyword,
  maxSqlLength,
} from "./duckdb-guard.js";
import { asciiLower } from "./forbidden-functions.js";
import { nodeKind, parseStatements, type RawStatement, statementName } from "./pg-parser.js";
import { loadPgQueryWasm, type PgQueryParser } from "./pg-query-wasm.js";
import { PgAstViolation } from "./pg-tree-walk.js";
import { walkPortableDuckDb } from "./portable-duckdb-walk.js";

/** How {@link checkPortableDuckDbSql} parses. */
export interface PortableDuckDbGuardOptions {
  /** libpg-query's parser and scanner; by default {@link loadPgQueryWasm} without a source. */
  parser?: PgQueryParser;
  /**
   * DuckDB's own lexer: the UTF-8 byte offset of every token DuckDB sees in the text, comments left out
   * (DuckDB-WASM's `AsyncDuckDB.tokenize(sql).offsets`). When given, a statement is accepted only if DuckDB
   * starts its tokens exactly where PostgreSQL's scanner does, so both read the same strings, comments,
   * names and `;`. The DuckDB-WASM engine always passes it; without it, text the two lexers read
   * differently is not caught here.
   */
  duckDbTokenStarts?: (sql: string) => Promise<readonly number[]>;
}

const readOnly = "Only one read-only SELECT (or WITH … SELECT) statement may run";

/** First keywords of statements DuckDB reads as queries, for which a parse failure means DuckDB-only syntax. */
const queryKeywords = new Set(["SELECT", "WITH", "FROM", "VALUES", "TABLE", "PIVOT", "UNPIVOT"]);

/**
 * Checks DuckDB SQL with PostgreSQL's parser (libpg-query), for DuckDB builds that cannot parse for the
 * guard themselves (DuckDB-WASM without the json extension, so without `json_serialize_sql`). DuckDB's
 * grammar descends from PostgreSQL's, so standard SQL parses the same in both; the tree is then checked
 * with DuckDB's rules (portable-duckdb-walk.ts): exactly one SELECT (WITH, UNION/INTERSECT/EXCEPT, VALUES,
 * TABLE) without INTO, row locks or a data-modifying CTE, reading only the allowed tables (matched
 * case-insensitively) and CTEs in scope, qualified by nothing, `main` or the engine's database, with only
 * `range`, `generate_series` and `unnest` in FROM and no function on DuckDB's or PostgreSQL's deny-list.
 *
 * Fails closed: what PostgreSQL's grammar cannot parse — DuckDB-only syntax such as QUALIFY, PIVOT,
 * `FROM t SELECT`, `SELECT * EXCLUDE`, list and struct literals, `GROUP BY ALL`, and statements such as
 * PRAGMA or INSTALL — is `UNSAFE_SQL`, with the parser's message so the author can rewrite it in standard
 * SQL. Table, CTE and function names longer than 59 bytes are refused (PostgreSQL's scanner cuts them).
 *
 * Errors: `UNSAFE_SQL` for anything that may not run or cannot be parsed; `QUERY_FAILED` for SQL without
 * a statement; `INVALID_INPUT` for SQL over {@link maxSqlLength} characters, or when libpg-query cannot be
 * loaded. The accepted statement's `statement` is libpg-query's tree (`{SelectStmt: …}`).
 */
export async function checkPortableDuckDbSql(
  sql: string,
  policy: DuckDbGuardPolicy,
  options: PortableDuckDbGuardOptions = {},
): Promise<CheckedStatement> {
  if (sql.length > maxSqlLength) {
    throw new QuarryError("INVALID_INPUT", `The SQL is longer than ${maxSqlLength} characters.`);
  }
  const parser = options.parser ?? (await loadPgQueryWasm());
  const statements = await parsePortable(parser, sql);
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
  let tables: string[];
  try {
    tables = walkPortableDuckDb(raw.stmt, {
      allowedTables: new Map(policy.allowedTables.map((name) => [asciiLower(name), name])),
      databaseName: policy.databaseName ?? "memory",
    });
  } catch (error) {
    if (error instanceof PgAstViolation) throw new QuarryError("UNSAFE_SQL", error.message);
    throw error;
  }
  if (options.duckDbTokenStarts) await checkSameTokens(sql, parser, options.duckDbTokenStarts);
  return { tables, statement: raw.stmt };
}

/** A PostgreSQL syntax error is refused, not returned for repair as the other guards do: see above. */
async function parsePortable(parser: PgQueryParser, sql: string): Promise<RawStatement[]> {
  try {
    return await parseStatements(parser.parse, sql);
  } catch (error) {
    if (!QuarryError.is(error) || error.code !== "QUERY_FAILED") throw error;
    const keyword = leadingKeyword(sql);
    const message =
      keyword === undefined || queryKeywords.has(keyword)
        ? "This engine's SQL guard accepts standard SQL only: DuckDB-only syntax (QUALIFY, PIVOT, FROM-first, " +
          "EXCLUDE, [lists], {structs}, GROUP BY ALL, …) is refused. Rewrite the query in standard " +
          `SQL. Parser: ${error.message}`
        : `${readOnly}; ${keyword} statements are refused.`;
    throw new QuarryError("UNSAFE_SQL", message, { cause: error, details: { parser: error.message } });
  }
}

/**
 * Refuses text that DuckDB's lexer splits differently from PostgreSQL's: only then do both read the same
 * statements, literals and names, so the tree that was checked is the one DuckDB runs. Standard SQL
 * agrees token for token; the differences are DuckDB-unknown lexemes (`U&'…'`) and numbers PostgreSQL 16+
 * reads whole (`0x1F`, which DuckDB reads as `0 AS x1F`).
 */
async function checkSameTokens(
  sql: string,
  parser: PgQueryParser,
  duckDbTokenStarts: (sql: string) => Promise<readonly number[]>,
): Promise<void> {
  const near = await tokenDisagreement(sql, parser, duckDbTokenStarts).catch((cause: unknown) => {
    throw new QuarryError("UNSAFE_SQL", "The SQL could not be checked.", { cause });
  });
  if (near === undefined) return;
  const text = new TextDecoder().decode(new TextEncoder().encode(sql).subarray(near, near + 24));
  throw new QuarryError(
    "UNSAFE_SQL",
    `DuckDB would read this SQL differently from the guard's parser near ${JSON.stringify(text)} ` +
      "(e.g. a 0x… number or a U&'…' string); write it in plain standard SQL.",
    { details: { offset: near } },
  );
}

/**
 * Where DuckDB's and PostgreSQL's tokens part ways — the UTF-8 byte offset of the last token both start
 * before the first difference (or of the difference, at the very start) — or `undefined` when they agree.
 * Exported for the engine's count statement, which must lex alike too.
 */
export async function tokenDisagreement(
  sql: string,
  parser: PgQueryParser,
  duckDbTokenStarts: (sql: string) => Promise<readonly number[]>,
): Promise<number | undefined> {
  const postgres = (await parser.scan(sql))
    .filter((token) => !token.tokenName.endsWith("COMMENT"))
    .map((token) => token.start);
  const duckdb = await duckDbTokenStarts(sql);
  const length = Math.max(postgres.length, duckdb.length);
  for (let index = 0; index < length; index++) {
    if (postgres[index] === duckdb[index]) continue;
    if (index > 0) return postgres[index - 1];
    return Math.min(postgres[0] ?? Number.POSITIVE_INFINITY, duckdb[0] ?? Number.POSITIVE_INFINITY);
  }
  return undefined;
}
