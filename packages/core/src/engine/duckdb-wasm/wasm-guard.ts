import { QuarryError } from "../../errors/quarry-error.js";
import { countSqlOf, isCountOf } from "../duckdb/count-sql.js";
import { checkDuckDbSql, type DuckDbGuardPolicy, type DuckDbSqlParser } from "../guard/duckdb-guard.js";
import { loadPgQueryWasm, type PgQueryWasmSource } from "../guard/pg-query-wasm.js";
import { checkPortableDuckDbSql, tokenDisagreement } from "../guard/portable-duckdb-guard.js";
import { isWrapperOf } from "../postgres/pg-capped-sql.js";
import type { DuckDbWasmConnection, DuckDbWasmDatabase } from "./wasm-database.js";
import { duckDbWasmParser } from "./wasm-parser.js";

/** Which parser guards an engine's SQL: DuckDB's own, or PostgreSQL's (see {@link checkPortableDuckDbSql}). */
export type DuckDbWasmSqlGuard = "duckdb" | "portable";

/** An accepted statement, and how to count its rows. */
export interface WasmCheckedStatement {
  tables: string[];
  /** A statement provably counting exactly this statement's rows, or `undefined` when none is proven. */
  countSql(): Promise<string | undefined>;
}

/** The SQL guard of one DuckDB-WASM engine. */
export interface WasmGuard {
  readonly kind: DuckDbWasmSqlGuard;
  /** Accepts one guarded statement or throws `UNSAFE_SQL`, `QUERY_FAILED` or `INVALID_INPUT`. */
  check(sql: string): Promise<WasmCheckedStatement>;
}

/** What the guard is chosen from. */
export interface WasmGuardOptions {
  db: DuckDbWasmDatabase;
  policy: DuckDbGuardPolicy;
  /** Whether the build has `json_serialize_sql` (the json extension linked in). */
  ownParser: boolean;
  /** A DuckDB parser from elsewhere (e.g. native DuckDB in tests). */
  parser?: DuckDbSqlParser;
  /** Where the portable guard finds libpg-query's `.wasm`. */
  libpgQueryWasm?: PgQueryWasmSource;
  /** Runs `use` on a connection of the engine's own, for the build's own parser. */
  withConnection: <T>(use: (connection: DuckDbWasmConnection) => Promise<T>) => Promise<T>;
}

/**
 * Chooses the engine's guard: the full DuckDB guard on DuckDB's own parse when the build has
 * `json_serialize_sql` or a `parser` is given, else the portable guard on PostgreSQL's parser checked
 * against DuckDB's own tokenizer. Loads libpg-query only in the last case, and fails with `INVALID_INPUT`
 * when it cannot.
 */
export async function createWasmGuard(options: WasmGuardOptions): Promise<WasmGuard> {
  const guard = options.ownParser || options.parser ? duckDbGuard(options) : await portableGuard(options);
  return {
    kind: guard.kind,
    async check(sql) {
      // The worker takes C strings: text after a NUL would be checked here but never reach DuckDB.
      if (sql.includes("\0")) throw new QuarryError("UNSAFE_SQL", "The SQL contains a NUL character.");
      return guard.check(sql);
    },
  };
}

function duckDbGuard({ ownParser, parser, withConnection, policy }: WasmGuardOptions): WasmGuard {
  const withParser = async <T>(use: (parser: DuckDbSqlParser) => Promise<T>): Promise<T> =>
    !ownParser && parser ? use(parser) : withConnection((connection) => use(duckDbWasmParser(connection)));
  return {
    kind: "duckdb",
    async check(sql) {
      const checked = await withParser((p) => checkDuckDbSql(p, sql, policy));
      return {
        tables: checked.tables,
        async countSql() {
          const countSql = countSqlOf(sql);
          try {
            const text = await withParser((p) => p.serializeSql(countSql));
            const statements = (JSON.parse(text) as { statements?: unknown[] }).statements ?? [];
            return statements.length === 1 && isCountOf(statements[0], checked.statement)
              ? countSql
              : undefined;
          } catch {
            return undefined;
          }
        },
      };
    },
  };
}

async function portableGuard({ db, policy, libpgQueryWasm }: WasmGuardOptions): Promise<WasmGuard> {
  const tokenize = db.tokenize?.bind(db);
  if (!tokenize) {
    throw new QuarryError(
      "INVALID_INPUT",
      "This DuckDB-WASM database cannot tokenize SQL, which the guard needs when the build has no " +
        "json_serialize_sql; pass an AsyncDuckDB.",
    );
  }
  const parser = await loadPgQueryWasm(libpgQueryWasm);
  const duckDbTokenStarts = async (sql: string) => (await tokenize(sql)).offsets;
  return {
    kind: "portable",
    async check(sql) {
      const checked = await checkPortableDuckDbSql(sql, policy, { parser, duckDbTokenStarts });
      return {
        tables: checked.tables,
        async countSql() {
          const countSql = countSqlOf(sql);
          try {
            const proven =
              (await isWrapperOf(parser.parse, countSqlOf, countSql, checked.statement)) &&
              (await tokenDisagreement(countSql, parser, duckDbTokenStarts)) === undefined;
            return proven ? countSql : undefined;
          } catch {
            return undefined;
          }
        },
      };
    },
  };
}
