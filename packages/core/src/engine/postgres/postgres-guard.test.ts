import { describe, expect, it } from "vitest";
import { engineFixtureTables } from "../../testing/engine/fixture-tables.js";
import { hostileSql } from "../../testing/engine/hostile-sql.js";
import { legitSql } from "../../testing/engine/legit-sql.js";
import { expectCode } from "../../testing/store/harness.js";
import { loadPgParser } from "../guard/pg-parser.js";
import { countSqlOf, isWrapperOf, limitedSqlOf } from "./pg-capped-sql.js";
import { checkPostgresSql } from "./postgres-guard.js";

const fixtureTables = engineFixtureTables.map((t) => t.name);
const check = (sql: string, tables: readonly string[] = fixtureTables, schema = "public") =>
  checkPostgresSql(sql, tables, schema);

describe("checkPostgresSql on the shared fixtures", () => {
  it("refuses every postgres hostile statement with UNSAFE_SQL", async () => {
    const hostile = hostileSql.filter((h) => h.dialects.includes("postgres"));
    expect(hostile.length).toBeGreaterThan(100);
    const passed: string[] = [];
    for (const { sql } of hostile) {
      const code = await check(sql).then(
        () => "accepted",
        (error: { code?: string }) => error.code,
      );
      if (code !== "UNSAFE_SQL") passed.push(`${code}: ${sql}`);
    }
    expect(passed).toEqual([]);
  });

  it("accepts every postgres legit statement and names its tables", async () => {
    const legit = legitSql.filter((l) => l.dialects.includes("postgres"));
    expect(legit.length).toBeGreaterThan(50);
    for (const { sql } of legit) {
      const result = await check(sql);
      for (const table of result.tables) expect(fixtureTables).toContain(table);
    }
  });
});

describe("checkPostgresSql", () => {
  it.each([
    ["a data-modifying CTE", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d", /DELETE/],
    [
      "an INSERT inside a nested CTE",
      "WITH a AS (WITH b AS (INSERT INTO orders DEFAULT VALUES RETURNING 1) SELECT * FROM b) SELECT * FROM a",
      /INSERT/,
    ],
    [
      "a MERGE in WITH",
      "WITH m AS (MERGE INTO orders o USING orders p ON true WHEN MATCHED THEN DELETE RETURNING 1) SELECT 1",
      /MERGE|WITH/,
    ],
    ["SELECT INTO", "SELECT * INTO pwned FROM orders", /INTO/],
    ["FOR UPDATE", "SELECT * FROM orders FOR UPDATE", /FOR UPDATE/],
    [
      "FOR SHARE in a subquery",
      "SELECT * FROM (SELECT * FROM orders FOR KEY SHARE) o",
      /FOR UPDATE\/FOR SHARE/,
    ],
    [
      "pg_read_file in a nested subquery",
      "SELECT * FROM orders WHERE status IN (SELECT x FROM (SELECT pg_read_file('/etc/passwd') AS x) a)",
      /pg_read_file/,
    ],
    [
      "pg_read_file in a function argument",
      "SELECT length(coalesce(pg_read_file('/etc/passwd'), ''))",
      /pg_read_file/,
    ],
    ["pg_catalog.pg_sleep", "SELECT pg_catalog.pg_sleep(10)", /pg_catalog\.pg_sleep/],
    ["quoted upper-case pg_sleep", `SELECT pg_catalog."PG_SLEEP"(10)`, /PG_SLEEP/],
    ["pg_sleep in a window", "SELECT sum(amount) OVER (PARTITION BY pg_sleep(1)) FROM orders", /pg_sleep/],
    [
      "pg_sleep in CASE",
      "SELECT CASE WHEN amount > 0 THEN pg_sleep_for('1 minute') END FROM orders",
      /pg_sleep_for/,
    ],
    ["pg_sleep in LATERAL", "SELECT * FROM orders o, LATERAL (SELECT pg_sleep(1)) s", /pg_sleep/],
    ["query_to_xml", "SELECT query_to_xml('SELECT * FROM hr.payroll', true, false, '')", /query_to_xml/],
    ["table_to_xml", "SELECT table_to_xml('hr.payroll', true, false, '')", /table_to_xml/],
    ["ts_stat", "SELECT * FROM orders WHERE EXISTS (SELECT ts_stat('SELECT 1'))", /ts_stat/],
    ["nextval", "SELECT nextval('s')", /nextval/],
    ["pg_advisory_lock", "SELECT pg_advisory_lock(1)", /pg_advisory_lock/],
    ["txid_current", "SELECT txid_current()", /txid_current/],
    ["lo_export", "SELECT lo_export(1, '/tmp/x')", /lo_export/],
    ["dblink_exec", "SELECT dblink_exec('dbname=x', 'DROP TABLE orders')", /dblink_exec/],
    ["a function of another schema", "SELECT hr.raise_salary(1)", /another schema/],
    ["an operator of another schema", "SELECT 1 OPERATOR(hr.+) 2", /another schema/],
    ["a table in another schema", "SELECT * FROM hr.payroll", /another schema/],
    ["an allowed table name in another schema", "SELECT * FROM hr.orders", /another schema/],
    ["a database-qualified table", "SELECT * FROM test.public.orders", /database/],
    ["information_schema", "SELECT * FROM information_schema.columns", /system catalog/],
    ["pg_toast", "SELECT * FROM pg_toast.pg_toast_1", /system catalog/],
    ["a pg_ relation", "SELECT * FROM pg_authid", /system catalog/],
    ["a CTE named like a catalog", "WITH pg_class AS (SELECT 1) SELECT * FROM pg_class", /reserved/],
    ["XMLTABLE", "SELECT * FROM XMLTABLE('/a' PASSING '<a/>' COLUMNS x int)", /XMLTABLE/],
    ["JSON_TABLE", `SELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (x int PATH '$'))`, /JSON_TABLE/],
    ["a table function other than a generator", "SELECT * FROM jsonb_each('{}')", /jsonb_each/],
    ["a generator of another schema", "SELECT * FROM hr.generate_series(1, 2)", /hr\.generate_series/],
    [
      "a CTE referenced before it is defined",
      "WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a",
      /"?b"? is not available/,
    ],
    [
      "a qualified name that is a CTE's",
      "WITH orders AS (SELECT 1) SELECT * FROM hr.orders",
      /another schema/,
    ],
    ["COPY TO PROGRAM", "COPY orders TO PROGRAM 'id'", /COPY/],
    ["CALL", "CALL p()", /CALL/],
    ["SET", "SET ROLE postgres", /SET/],
    ["PREPARE", "PREPARE p AS SELECT 1", /PREPARE/],
    ["EXECUTE", "EXECUTE p", /EXECUTE/],
    ["DO", "DO $$ BEGIN PERFORM 1; END $$", /DO/],
    ["NOTIFY", "NOTIFY c", /NOTIFY/],
    ["CREATE EXTENSION", "CREATE EXTENSION dblink", /CREATE EXTENSION/],
    ["DECLARE CURSOR", "DECLARE c CURSOR FOR SELECT * FROM orders", /DECLARE CURSOR/],
    ["two statements", "SELECT 1; SELECT 2", /2 statements/],
  ])("refuses %s, naming it", async (_, sql, reason) => {
    const error = await expectCode(check(sql), "UNSAFE_SQL");
    expect(error.message).toMatch(reason);
  });

  it("allows a quoted mixed-case table only when it is in the allow-list", async () => {
    expect((await check(`SELECT * FROM "Sales Q1"`, ["Sales Q1"])).tables).toEqual(["Sales Q1"]);
    await expectCode(check(`SELECT * FROM "Sales Q1"`, ["sales q1"]), "UNSAFE_SQL");
    // Unquoted, the parser folds it: Customers means customers, which is not the table "Customers".
    const error = await expectCode(check("SELECT * FROM Customers"), "UNSAFE_SQL");
    expect(error.message).toContain(`Did you mean "Customers"`);
    expect((await check(`SELECT * FROM public."Customers"`)).tables).toEqual(["Customers"]);
  });

  it("accepts CTEs in scope, recursive CTEs, generators, pg_catalog functions and the engine's schema", async () => {
    const accepted = [
      "WITH RECURSIVE a AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM a WHERE n < 3) SELECT * FROM a",
      "WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a",
      "WITH a AS (SELECT 1 AS x) SELECT * FROM orders WHERE order_id IN (SELECT x FROM a)",
      "SELECT * FROM generate_series(1, 3) g, pg_catalog.unnest(ARRAY[1, 2]) WITH ORDINALITY u(x, i)",
      "SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(ARRAY['a'])) AS r(n, s)",
      "SELECT pg_catalog.upper(status), pg_typeof(amount), sales.f(1) FROM sales.orders",
      "SELECT xpath('/a/text()', '<a>x</a>'::xml)",
      "SELECT * FROM orders TABLESAMPLE BERNOULLI (50) REPEATABLE (1)",
      "TABLE orders",
      "VALUES (1, 'a'), (2, 'b')",
    ];
    for (const sql of accepted) await check(sql, fixtureTables, "sales");
  });

  it("reports syntax errors and empty SQL as QUERY_FAILED, and long SQL as INVALID_INPUT", async () => {
    const syntax = await expectCode(check("SELEC 1"), "QUERY_FAILED");
    expect(syntax.message).toContain("syntax error");
    await expectCode(check(""), "QUERY_FAILED");
    await expectCode(check("  -- nothing\n"), "QUERY_FAILED");
    await expectCode(check(`SELECT ${"1 + ".repeat(30_000)}1`), "INVALID_INPUT");
    await expectCode(check("SELECT 1", [], "pg_catalog"), "INVALID_INPUT");
  });

  it("gives the statement's own text without a trailing semicolon, even after multi-byte characters", async () => {
    expect((await check("SELECT 'é€' AS x; -- done")).text).toBe("SELECT 'é€' AS x");
    expect((await check("SELECT 1 -- one")).text).toBe("SELECT 1 -- one");
  });
});

describe("capped-query wrappers", () => {
  it("are used only when their parse is exactly the wrapper around the guarded statement", async () => {
    const parse = await loadPgParser();
    const wrap = (text: string) => limitedSqlOf(text, 11);
    for (const sql of [
      "SELECT * FROM orders ORDER BY order_id -- x",
      "WITH a AS (SELECT 1) SELECT * FROM a",
    ]) {
      const checked = await check(sql);
      expect(await isWrapperOf(parse, wrap, wrap(checked.text), checked.statement)).toBe(true);
      expect(await isWrapperOf(parse, countSqlOf, countSqlOf(checked.text), checked.statement)).toBe(true);
    }
    const checked = await check("SELECT 1");
    // Text that closes the subquery early parses to something else, and is refused.
    const spliced = limitedSqlOf("SELECT 1) AS quarry_rows, (SELECT 2", 11);
    expect(await isWrapperOf(parse, wrap, spliced, checked.statement)).toBe(false);
  });
});
