import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileSql } from "../../testing/engine/hostile-sql.js";
import { legitSql } from "../../testing/engine/legit-sql.js";
import { expectCode } from "../../testing/store/harness.js";
import { countSqlOf } from "../duckdb/count-sql.js";
import { duckDbNodeParser } from "../duckdb/duckdb-parser.js";
import { isWrapperOf } from "../postgres/pg-capped-sql.js";
import { checkDuckDbSql, maxSqlLength } from "./duckdb-guard.js";
import { allowedTableFunctions, forbiddenFunctionReason } from "./forbidden-functions.js";
import { loadPgQueryWasm } from "./pg-query-wasm.js";
import { checkPortableDuckDbSql } from "./portable-duckdb-guard.js";
import { portableRefusedLegit } from "./portable-refused-legit.js";

const policy = { allowedTables: ["orders", "Customers"], databaseName: "memory" };
const check = (sql: string) => checkPortableDuckDbSql(sql, policy);
const tablesOf = async (sql: string) => (await check(sql)).tables.sort();
const refusal = async (sql: string) => (await expectCode(check(sql), "UNSAFE_SQL")).message;

// Native DuckDB: its own guard is the reference the portable guard is compared with, and its catalog lists
// the functions there are. Nothing here is bound or run but catalog reads.
let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

describe("checkPortableDuckDbSql on the shared fixtures", () => {
  it("refuses every duckdb hostile statement with UNSAFE_SQL", async () => {
    const hostile = hostileSql.filter((h) => h.dialects.includes("duckdb"));
    expect(hostile.length).toBeGreaterThan(200);
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

  it("accepts every duckdb legit statement but the DuckDB-only syntax PostgreSQL cannot parse", async () => {
    const refused: string[] = [];
    for (const { sql, note } of legitSql.filter((l) => l.dialects.includes("duckdb"))) {
      const error = await check(sql).then(
        () => undefined,
        (e: { code?: string; message: string }) => e,
      );
      if (error === undefined) continue;
      expect(error.code, note).toBe("UNSAFE_SQL");
      expect(error.message, note).toMatch(/standard SQL only.*Parser: syntax error/s);
      refused.push(note);
    }
    expect(refused).toEqual([...portableRefusedLegit.keys()]);
  });

  it("accepts nothing DuckDB's own guard refuses, and names the same tables", async () => {
    for (const sql of tricks) await check(sql);
    const parser = duckDbNodeParser(connection);
    const corpus = [...legitSql, ...hostileSql].map((s) => s.sql).concat(tricks);
    const disagreements: string[] = [];
    for (const sql of corpus) {
      const portable = await check(sql).then(
        (r) => r.tables.sort(),
        () => undefined,
      );
      if (portable === undefined) continue;
      const native = await checkDuckDbSql(parser, sql, policy).then(
        (r) => r.tables.sort(),
        (e: Error) => e.message,
      );
      if (JSON.stringify(native) !== JSON.stringify(portable)) {
        disagreements.push(
          `${sql}\n  portable ${JSON.stringify(portable)}\n  duckdb   ${JSON.stringify(native)}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe("the count statement of an accepted statement", () => {
  it("is proven to count exactly its rows on PostgreSQL's parse, unless the text defeats wrapping", async () => {
    const { parse } = await loadPgQueryWasm();
    const proven = async (sql: string) =>
      isWrapperOf(parse, countSqlOf, countSqlOf(sql), (await check(sql)).statement);
    for (const { sql, note } of legitSql.filter((l) => l.dialects.includes("duckdb"))) {
      if (portableRefusedLegit.has(note)) continue;
      // A comment after the semicolon keeps it inside the wrapper, which then holds two statements.
      expect(await proven(sql), sql).toBe(!/;\s*--/.test(sql));
    }
    expect(await proven("SELECT 1 AS x -- ) AS quarry_count, (SELECT 2")).toBe(true);
  });
});

/** Statements where PostgreSQL's reading could plausibly differ from DuckDB's; all are accepted. */
const tricks = [
  `WITH "ORDERS" AS (SELECT 1 AS x) SELECT * FROM orders`,
  "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r, orders",
  "SELECT 'a\\' AS backslash, 2 -- '",
  "SELECT E'\\'' AS quote, count(*) FROM orders",
  "SELECT $q$;$q$ AS dollar FROM orders",
  "SELECT 1 /* nested /* comment */ ; DROP TABLE orders */ AS one",
  "SELECT 'a'\n'b' AS continued",
  `SELECT name.upper() AS shout FROM "CUSTOMERS"`,
  "SELECT x -> x + 1 AS arrow FROM orders",
  "SELECT * FROM orders o CROSS JOIN LATERAL (SELECT * FROM range(o.order_id)) r",
  "SELECT * FROM (TABLE orders) t",
  "SELECT count(*) FROM memory.orders, main.orders AS b, memory.main.orders AS c",
];

describe("checkPortableDuckDbSql: tables", () => {
  it("matches table names case-insensitively, quoted or not, as DuckDB does, and gives their real names", async () => {
    expect(await tablesOf(`SELECT * FROM ORDERS o JOIN customers c USING (customer_id)`)).toEqual([
      "Customers",
      "orders",
    ]);
    expect(await tablesOf(`SELECT * FROM "ORDERS"`)).toEqual(["orders"]);
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
      "SELECT * FROM information_schema.tables",
      "SELECT * FROM memory.information_schema.tables",
      "SELECT * FROM pg_catalog.pg_class",
      "SELECT table_name FROM information_schema.columns WHERE table_name = 'orders'",
    ]) {
      expect(await refusal(sql), sql).toMatch(/not allowed|not available/);
    }
  });

  it("refuses tables outside the allow-list, wherever they hide, naming the available ones", async () => {
    expect(await refusal("SELECT * FROM orders WHERE EXISTS (SELECT 1 FROM payroll)")).toContain(
      "Available tables: orders, Customers",
    );
    expect(await refusal(`SELECT * FROM "data.csv"`)).toContain("Reading the file");
    expect(await refusal("SELECT * FROM оrders")).toContain("not available");
  });
});

describe("checkPortableDuckDbSql: CTEs scope as DuckDB binds them", () => {
  it("lets a CTE shadow a table name, case-insensitively, and checks what it reads", async () => {
    expect(await tablesOf("WITH payroll AS (SELECT * FROM orders) SELECT * FROM payroll")).toEqual([
      "orders",
    ]);
    expect(await tablesOf(`WITH "Payroll" AS (SELECT 1 AS x) SELECT * FROM PAYROLL`)).toEqual([]);
    expect(await refusal("WITH orders AS (SELECT * FROM payroll) SELECT * FROM orders")).toContain("payroll");
  });

  it("sees a CTE only after its definition and inside its own subquery", async () => {
    expect(await tablesOf("WITH a AS (SELECT 1 AS x), b AS (SELECT * FROM a) SELECT * FROM b")).toEqual([]);
    await refusal("WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a");
    await refusal("WITH b AS (SELECT * FROM b) SELECT * FROM b");
    await refusal("SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) s, a");
    // A qualified name never means a CTE.
    await refusal("WITH a AS (SELECT 1) SELECT * FROM main.a");
  });

  it("lets a recursive CTE see itself only in its recursive term, and no later CTE, unlike PostgreSQL", async () => {
    expect(
      await tablesOf(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
      ),
    ).toEqual([]);
    await refusal("WITH RECURSIVE p AS (SELECT * FROM p UNION ALL SELECT 1) SELECT * FROM p");
    await refusal("WITH RECURSIVE p AS (SELECT 1 INTERSECT SELECT * FROM p) SELECT * FROM p");
    // PostgreSQL would resolve b to the CTE; DuckDB binds it as a table.
    await refusal("WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a");
  });

  it("refuses CTE names of DuckDB's catalog", async () => {
    expect(await refusal("WITH duckdb_settings AS (SELECT 1 AS x) SELECT * FROM duckdb_settings")).toContain(
      "reserved for DuckDB's catalog",
    );
  });
});

describe("checkPortableDuckDbSql: functions", () => {
  it("allows everyday functions, method syntax and the generators in FROM", async () => {
    const sql = `SELECT upper(status), status.lower(), log10(amount), date_trunc('month', order_date),
      pg_typeof(amount), list_transform(list(amount), x -> x * 2) OVER (), regexp_matches(status, 's'),
      strftime(order_date, '%Y'), coalesce(amount, 0), sum(amount) FILTER (WHERE amount > 0) OVER (),
      EXTRACT(YEAR FROM order_date), substring(status FROM 1 FOR 2), trim(status)
      FROM orders, range(3) r, generate_series(1, 2) g, unnest(ARRAY[1, 2]) u`;
    expect(await tablesOf(sql)).toEqual(["orders"]);
  });

  it("refuses forbidden functions nested anywhere", async () => {
    for (const sql of [
      "SELECT upper(lower(getenv('HOME')))",
      "SELECT coalesce(NULL, (SELECT current_setting('threads')))",
      "SELECT * FROM orders WHERE status = ANY (SELECT getvariable('x'))",
      "SELECT sum(amount) OVER (PARTITION BY current_setting('threads')) FROM orders",
      "SELECT CASE WHEN true THEN 1 ELSE length(getenv('PATH')) END",
      "SELECT count(*) FILTER (WHERE status = getenv('USER')) FROM orders",
      "SELECT * FROM orders ORDER BY getenv('HOME')",
      "SELECT * FROM orders o, LATERAL (SELECT nextval('s') AS x) n",
      "SELECT list_transform([1], x -> getenv('HOME'))",
      "SELECT status.getenv() FROM orders",
      "SELECT system.main.getenv('HOME')",
    ]) {
      expect(await refusal(sql), sql).toMatch(/not allowed|standard SQL only/);
    }
  });

  it("refuses read_csv in FROM, in a subquery, a CTE or a lateral join, however spelled", async () => {
    for (const sql of [
      "SELECT * FROM read_csv('/etc/passwd')",
      `SELECT * FROM "READ_CSV"('/etc/passwd')`,
      "SELECT * FROM orders WHERE status IN (SELECT column0 FROM read_csv('/etc/passwd'))",
      "SELECT (SELECT count(*) FROM read_csv('/etc/passwd')) AS n",
      "WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x",
      "SELECT * FROM orders, LATERAL read_csv('/etc/passwd')",
      "SELECT * FROM range((SELECT count(*) FROM read_csv('/etc/passwd')))",
      "SELECT read_csv('/etc/passwd')",
    ]) {
      expect(await refusal(sql), sql).toMatch(/read_csv|READ_CSV/);
    }
  });

  it("refuses query and query_table in FROM and as scalars", async () => {
    for (const sql of [
      "SELECT * FROM query_table('orders')",
      "SELECT * FROM query_table(['orders', 'Customers'])",
      "SELECT query_table('orders')",
      "SELECT * FROM query('SELECT * FROM payroll')",
    ]) {
      expect(await refusal(sql), sql).toMatch(/query/);
    }
  });

  it("refuses qualified table functions and every table function DuckDB has but the generators", async () => {
    await refusal("SELECT * FROM main.range(3)");
    const reader = await connection.runAndReadAll(
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')",
    );
    const names = reader.getRowsJson().map((row) => String(row[0]));
    expect(names.length).toBeGreaterThan(50);
    for (const name of names.filter((n) => !allowedTableFunctions.has(n))) {
      await expectCode(check(`SELECT * FROM ${name}()`), "UNSAFE_SQL");
    }
  });

  it("refuses every scalar function DuckDB's deny-list refuses, and PostgreSQL's admin functions", async () => {
    const reader = await connection.runAndReadAll(
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type NOT IN ('table', 'table_macro')",
    );
    const denied = reader
      .getRowsJson()
      .map((row) => String(row[0]))
      .filter((name) => /^[a-z_][a-z0-9_]*$/.test(name) && forbiddenFunctionReason(name));
    expect(denied.length).toBeGreaterThan(20);
    for (const name of denied) await expectCode(check(`SELECT ${name}()`), "UNSAFE_SQL");
    for (const name of [
      "set_config",
      "pg_read_file",
      "lo_import",
      "dblink",
      "txid_current",
      "query_to_xml",
    ]) {
      expect(await refusal(`SELECT ${name}('x')`), name).toContain(name);
    }
  });

  it("refuses Unicode look-alikes of function names", async () => {
    for (const sql of [
      "SELECT gеtenv('HOME')", // Cyrillic е
      "SELECT current_ѕetting('threads')", // Cyrillic ѕ
      "SELECT * FROM reаd_csv('/etc/passwd')", // Cyrillic а
      "SELECT * FROM ｒｅａｄ_ｃｓｖ('/etc/passwd')", // fullwidth
      "SELECT * FROM ⅾuckdb_settings()", // roman numeral ⅾ
      "SELECT upper(status) FROM orders WHERE lеngth(status) > 0", // a harmless name, still refused
    ]) {
      expect(await refusal(sql), sql).toMatch(/non-ASCII|not allowed/);
    }
  });
});

describe("checkPortableDuckDbSql: statements, comments and semicolons", () => {
  it("counts statements past comments, strings and dollar quotes", async () => {
    for (const sql of [
      "SELECT 1 -- harmless\n; DROP TABLE orders",
      "SELECT 1 /* ; */ ; DELETE FROM orders",
      "SELECT ';' ; DROP TABLE orders",
      "SELECT 'a'';DROP TABLE orders;--'; DROP TABLE orders",
      "SELECT $$;$$; DROP TABLE orders",
      "SELECT 1;SELECT 2",
    ]) {
      expect(await refusal(sql), sql).toContain("2 statements");
    }
    expect(await refusal("/* SELECT */ DELETE FROM orders")).toContain("DELETE statements are refused");
    expect(await refusal("-- SELECT * FROM orders\nUPDATE orders SET amount = 0")).toContain("UPDATE");
  });

  it("accepts one statement with comments, a trailing semicolon, and semicolons inside literals", async () => {
    expect(await tablesOf("SELECT * FROM orders; -- done\n")).toEqual(["orders"]);
    expect(await tablesOf("SELECT 'a;b' AS t, $x$;$x$ AS d /* ; */ FROM orders;")).toEqual(["orders"]);
    expect(await tablesOf("SELECT 1 /* outer /* inner */ ; DROP TABLE orders */ AS one")).toEqual([]);
  });

  it("refuses what only PostgreSQL runs, and what no read may do", async () => {
    for (const [sql, reason] of [
      ["SELECT * INTO pwned FROM orders", /INTO/],
      ["SELECT * FROM orders FOR UPDATE", /FOR UPDATE/],
      ["WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d", /DELETE/],
      ["SELECT xmlelement(name a, 'x')", /XML/],
      ["SELECT JSON_OBJECT('a' VALUE 1)", /SQL\/JSON/],
      ["SELECT 1 OPERATOR(pg_catalog.+) 2", /OPERATOR/],
      ["SELECT * FROM XMLTABLE('/a' PASSING '<a/>' COLUMNS x int)", /XMLTABLE/],
    ] as const) {
      expect(await refusal(sql), sql).toMatch(reason);
    }
  });

  it("fails closed on DuckDB-only syntax with the parser's message, and names refused statements", async () => {
    for (const sql of [
      "SELECT * FROM orders QUALIFY row_number() OVER () = 1",
      "PIVOT orders ON status USING sum(amount)",
      "FROM orders SELECT status",
      "FROM 'data.csv'",
      "SELECT * FROM 'data.csv'",
      "SELECT [1, 2] AS l",
      "SELECT list_transform([1], lambda x: x + 1)",
    ]) {
      const message = await refusal(sql);
      expect(message, sql).toContain("standard SQL only");
      expect(message, sql).toMatch(/Parser: (syntax error|.+)/);
    }
    for (const [sql, keyword] of [
      ["PRAGMA database_list", "PRAGMA"],
      ["INSTALL httpfs", "INSTALL"],
      ["ATTACH ':memory:' AS x", "ATTACH"],
      ["DESCRIBE orders", "DESCRIBE"],
    ] as const) {
      expect(await refusal(sql), sql).toContain(`${keyword} statements are refused`);
    }
  });

  it("refuses names PostgreSQL's scanner would cut, but not long column names", async () => {
    const long = `t${"x".repeat(70)}`;
    expect(await refusal(`SELECT * FROM ${long}`)).toContain("too long");
    expect(await refusal(`WITH ${long} AS (SELECT 1) SELECT * FROM ${long}`)).toContain("too long");
    expect(await refusal(`SELECT ${long}(1)`)).toContain("too long");
    expect(await tablesOf(`SELECT "${long} column" FROM orders`)).toEqual(["orders"]);
  });

  it("sends no statement back as QUERY_FAILED, and refuses SQL beyond the length limit", async () => {
    await expectCode(check(""), "QUERY_FAILED");
    await expectCode(check("-- only a comment"), "QUERY_FAILED");
    await expectCode(check(`SELECT '${"x".repeat(maxSqlLength)}'`), "INVALID_INPUT");
  });
});
