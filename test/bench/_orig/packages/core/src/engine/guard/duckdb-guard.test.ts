import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCode } from "../../testing/store/harness.js";
import { duckDbNodeParser } from "../duckdb/duckdb-parser.js";
import { checkDuckDbSql, type DuckDbSqlParser, leadingKeyword, maxSqlLength } from "./duckdb-guard.js";
import { allowedTableFunctions, forbiddenFunctionReason } from "./forbidden-functions.js";
import { walkSelectAst } from "./sql-ast-walk.js";

// The guard only parses, so a plain connection without tables is enough.
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let parser: DuckDbSqlParser;
const policy = { allowedTables: ["orders", "Customers"], databaseName: "memory" };
const check = (sql: string) => checkDuckDbSql(parser, sql, policy);
const tablesOf = async (sql: string) => (await check(sql)).tables.sort();

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  parser = duckDbNodeParser(connection);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

describe("checkDuckDbSql: tables", () => {
  it("names the allowed tables a statement reads, by their real names, matched case-insensitively", async () => {
    expect(await tablesOf(`SELECT * FROM ORDERS o JOIN customers c USING (customer_id)`)).toEqual([
      "Customers",
      "orders",
    ]);
    expect(await tablesOf(`SELECT * FROM "Orders"`)).toEqual(["orders"]);
    expect(await tablesOf("SELECT 1 AS x")).toEqual([]);
  });

  it("accepts no qualifier, main and the engine's database, and nothing else", async () => {
    expect(await tablesOf("SELECT * FROM main.orders, memory.orders, memory.main.orders")).toEqual([
      "orders",
    ]);
    for (const sql of [
      "SELECT * FROM system.main.orders",
      "SELECT * FROM temp.orders",
      "SELECT * FROM other.main.orders",
    ]) {
      await expectCode(check(sql), "UNSAFE_SQL");
    }
  });

  it("scopes CTEs as DuckDB resolves them", async () => {
    expect(await tablesOf("WITH a AS (SELECT 1 AS x), b AS (SELECT * FROM a) SELECT * FROM b")).toEqual([]);
    expect(
      await tablesOf(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
      ),
    ).toEqual([]);
    expect(await tablesOf("SELECT * FROM (WITH a AS (SELECT * FROM orders) SELECT * FROM a) s")).toEqual([
      "orders",
    ]);
    // A CTE is not visible before its definition, inside its own body, nor outside its subquery.
    await expectCode(check("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a"), "UNSAFE_SQL");
    await expectCode(check("WITH b AS (SELECT * FROM b) SELECT * FROM b"), "UNSAFE_SQL");
    await expectCode(check("SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) s, a"), "UNSAFE_SQL");
    // A recursive CTE's anchor reads the catalog, not the CTE.
    await expectCode(
      check("WITH RECURSIVE p AS (SELECT * FROM p UNION ALL SELECT 1) SELECT * FROM p"),
      "UNSAFE_SQL",
    );
    // A qualified name never means a CTE.
    await expectCode(check("WITH a AS (SELECT 1) SELECT * FROM main.a"), "UNSAFE_SQL");
  });

  it("refuses DESCRIBE, SHOW and SUMMARIZE, which parse as SELECTs", async () => {
    for (const sql of [
      "DESCRIBE orders",
      "SUMMARIZE orders",
      "SHOW TABLES",
      "SELECT * FROM (DESCRIBE orders)",
    ]) {
      const error = await expectCode(check(sql), "UNSAFE_SQL");
      expect(error.message).toContain("DESCRIBE");
    }
  });
});

describe("checkDuckDbSql: statements", () => {
  it("refuses other statement kinds by name", async () => {
    const error = await expectCode(check("/* hi */ -- there\n DELETE FROM orders"), "UNSAFE_SQL");
    expect(error.message).toContain("DELETE statements are refused");
    expect((await expectCode(check("SELECT 1; SELECT 2"), "UNSAFE_SQL")).message).toContain("2 statements");
  });

  it("sends syntax errors back as QUERY_FAILED, never running anything", async () => {
    expect((await expectCode(check("SELEC 1"), "QUERY_FAILED")).message).toMatch(
      /^Parser Error: syntax error/,
    );
    // Fullwidth letters do not make a keyword; the statement fails to parse.
    await expectCode(check("ＤＥＬＥＴＥ FROM orders"), "QUERY_FAILED");
    await expectCode(check(""), "QUERY_FAILED");
    await expectCode(check("-- only a comment"), "QUERY_FAILED");
  });

  it("refuses SQL beyond the length limit before parsing", async () => {
    await expectCode(check(`SELECT '${"x".repeat(maxSqlLength)}'`), "INVALID_INPUT");
  });

  it("accepts a trailing semicolon and comments around one statement", async () => {
    expect(await tablesOf("SELECT * FROM orders; -- done\n")).toEqual(["orders"]);
  });

  it("finds a statement's first keyword past comments and parentheses", () => {
    expect(leadingKeyword(" /* a */ -- b\n ((select 1))")).toBe("SELECT");
    expect(leadingKeyword("-- only")).toBeUndefined();
  });
});

describe("checkDuckDbSql: functions", () => {
  it("allows everyday scalar, aggregate and window functions", async () => {
    const sql = `SELECT upper(status), log10(amount), date_trunc('month', order_date), pg_typeof(amount),
      list_transform([1], x -> x + 1), regexp_matches(status, 's'), row_number() OVER (ORDER BY amount),
      strftime(order_date, '%Y'), coalesce(amount, 0), sum(amount) FILTER (WHERE amount > 0) OVER ()
      FROM orders`;
    expect(await tablesOf(sql)).toEqual(["orders"]);
  });

  it("allows only the generator table functions in FROM", async () => {
    for (const name of allowedTableFunctions) {
      expect(await tablesOf(`SELECT * FROM ${name}(3)`)).toEqual([]);
    }
  });

  it("refuses every other table function DuckDB has", async () => {
    const reader = await connection.runAndReadAll(
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')",
    );
    const names = reader.getRowsJson().map((row) => String(row[0]));
    expect(names.length).toBeGreaterThan(50);
    for (const name of names.filter((n) => !allowedTableFunctions.has(n))) {
      await expectCode(check(`SELECT * FROM ${name}()`), "UNSAFE_SQL");
    }
  });

  it("refuses functions that touch settings, state, files or the catalog, whatever their spelling", () => {
    const refused = [
      "current_setting",
      "GETENV",
      "getvariable",
      "nextval",
      "setseed",
      "sleep_ms",
      "pg_sleep",
    ];
    refused.push(
      "json_serialize_sql",
      "json_deserialize_sql",
      "json_serialize_plan",
      "read_text",
      "write_log",
    );
    refused.push(
      "duckdb_settings",
      "pragma_version",
      "pg_get_viewdef",
      "format_type",
      "which_secret",
      "gеtenv",
    );
    for (const name of refused) expect(forbiddenFunctionReason(name), name).toBeDefined();
    for (const name of [
      "sum",
      "upper",
      "log",
      "log10",
      "date_part",
      "pg_typeof",
      "list_value",
      "struct_pack",
    ]) {
      expect(forbiddenFunctionReason(name), name).toBeUndefined();
    }
  });
});

describe("walkSelectAst", () => {
  const walkPolicy = { allowedTables: new Map([["orders", "orders"]]), databaseName: "memory" };

  it("fails closed on node kinds it does not know", () => {
    const select = (fromTable: unknown, selectList: unknown[] = []) => ({
      node: { type: "SELECT_NODE", cte_map: { map: [] }, select_list: selectList, from_table: fromTable },
    });
    expect(() => walkSelectAst(select({ type: "FUTURE_REF", alias: "" }), walkPolicy)).toThrow(/FUTURE_REF/);
    expect(() =>
      walkSelectAst(select({ type: "EMPTY" }, [{ class: "FUTURE_EXPR", type: "X" }]), walkPolicy),
    ).toThrow(/FUTURE_EXPR/);
    expect(
      walkSelectAst(
        select({ type: "BASE_TABLE", table_name: "ORDERS", schema_name: "", catalog_name: "" }),
        walkPolicy,
      ),
    ).toEqual(["orders"]);
  });
});
