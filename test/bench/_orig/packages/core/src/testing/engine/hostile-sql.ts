import type { SqlDialect } from "./fixture-tables.js";

/** What a hostile statement tries. */
export type HostileCategory =
  | "dml"
  | "ddl"
  | "file"
  | "extension"
  | "config"
  | "catalog"
  | "transaction"
  | "session"
  | "function"
  | "table"
  | "multi-statement"
  | "trick";

/** A statement every engine of the listed dialects must refuse with `UNSAFE_SQL` before it runs. */
export interface HostileSql {
  sql: string;
  dialects: readonly SqlDialect[];
  category: HostileCategory;
  /** What it tries, for the test's name. */
  note: string;
}

const both: readonly SqlDialect[] = ["duckdb", "postgres"];
const duckdb: readonly SqlDialect[] = ["duckdb"];
const postgres: readonly SqlDialect[] = ["postgres"];

/**
 * Paths hostile statements try to write. Nothing may ever exist at them: the suite checks after running
 * every statement. Relative ones land in the working directory of the engine's process.
 */
export const pwnedPathPrefix = "quarry-pwned-";

const readText = "SELECT content FROM read_text('/etc/passwd')";

function list(
  dialects: readonly SqlDialect[],
  category: HostileCategory,
  entries: [string, string][],
): HostileSql[] {
  return entries.map(([note, sql]) => ({ sql, dialects, category, note }));
}

/**
 * At least 150 statements that must never run: DML, DDL, file access, extensions, settings, catalog reads,
 * transactions, session commands, forbidden functions and tables, several statements in one, and tricks
 * that hide any of these (comments, string literals, case, quoting, Unicode look-alikes, nesting).
 */
export const hostileSql: readonly HostileSql[] = [
  ...list(both, "dml", [
    ["delete all rows", "DELETE FROM orders"],
    ["delete with a filter", "DELETE FROM orders WHERE order_id = 1"],
    ["update", "UPDATE orders SET amount = 0"],
    [
      "update from a join",
      `UPDATE orders SET status = 'x' FROM "Customers" c WHERE c.customer_id = orders.customer_id`,
    ],
    ["insert values", "INSERT INTO orders (order_id) VALUES (999)"],
    ["insert select", "INSERT INTO orders SELECT * FROM orders"],
    ["insert default values", "INSERT INTO orders DEFAULT VALUES"],
    ["insert returning", "INSERT INTO orders (order_id) VALUES (1000) RETURNING *"],
    ["truncate", "TRUNCATE orders"],
    [
      "merge",
      `MERGE INTO orders o USING "Customers" c ON o.customer_id = c.customer_id WHEN MATCHED THEN DELETE`,
    ],
    ["delete using", `DELETE FROM orders USING "Customers" c WHERE c.customer_id = orders.customer_id`],
    ["update with a subquery", "UPDATE orders SET amount = (SELECT max(amount) FROM orders)"],
  ]),
  ...list(duckdb, "dml", [
    ["insert or replace", "INSERT OR REPLACE INTO orders (order_id) VALUES (1)"],
    ["insert by name", "INSERT INTO orders BY NAME SELECT 5000 AS order_id"],
  ]),
  ...list(postgres, "dml", [
    ["data-modifying CTE", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d"],
  ]),
  ...list(both, "ddl", [
    ["drop table", "DROP TABLE orders"],
    ["drop view", "DROP VIEW orders"],
    ["drop if exists cascade", `DROP TABLE IF EXISTS "Customers" CASCADE`],
    ["create table", "CREATE TABLE pwned (x INTEGER)"],
    ["create table as", "CREATE TABLE pwned AS SELECT * FROM orders"],
    ["create view", "CREATE VIEW pwned AS SELECT 1 AS x"],
    ["replace a view", "CREATE OR REPLACE VIEW orders AS SELECT 1 AS x"],
    ["create temp table", "CREATE TEMP TABLE pwned AS SELECT 1 AS x"],
    ["alter add column", "ALTER TABLE orders ADD COLUMN pwned INTEGER"],
    ["alter rename", "ALTER TABLE orders RENAME TO orders_old"],
    ["create index", "CREATE INDEX pwned_idx ON orders (order_id)"],
    ["create schema", "CREATE SCHEMA pwned"],
    ["drop schema", "DROP SCHEMA main CASCADE"],
    ["create sequence", "CREATE SEQUENCE pwned_seq"],
    ["create type", "CREATE TYPE pwned_mood AS ENUM ('a', 'b')"],
    ["comment on", "COMMENT ON TABLE orders IS 'pwned'"],
  ]),
  ...list(duckdb, "ddl", [
    ["create macro", "CREATE MACRO pwned(x) AS x + 1"],
    ["create table macro over a file", "CREATE MACRO pwned() AS TABLE SELECT * FROM read_csv('/etc/passwd')"],
    ["drop macro", "DROP MACRO pwned"],
    ["create function (macro alias)", "CREATE FUNCTION pwned(x) AS x * 2"],
    ["alter view rename", "ALTER VIEW orders RENAME TO orders_old"],
  ]),
  ...list(postgres, "ddl", [
    ["create function", "CREATE FUNCTION pwned() RETURNS int AS 'SELECT 1' LANGUAGE sql"],
    ["create extension", "CREATE EXTENSION dblink"],
  ]),
  ...list(both, "file", [
    ["copy a table to a file", `COPY orders TO '/tmp/${pwnedPathPrefix}copy.csv'`],
    ["copy a table to a relative file", `COPY orders TO '${pwnedPathPrefix}relative.csv'`],
    ["copy from a file", "COPY orders FROM '/etc/passwd'"],
    ["copy a query to a file", `COPY (SELECT * FROM orders) TO '/tmp/${pwnedPathPrefix}query.csv'`],
  ]),
  ...list(duckdb, "file", [
    [
      "copy to parquet",
      `COPY (SELECT * FROM orders) TO '/tmp/${pwnedPathPrefix}copy.parquet' (FORMAT parquet)`,
    ],
    ["copy to json", `COPY orders TO '/tmp/${pwnedPathPrefix}copy.json' (FORMAT json)`],
    [
      "copy partitioned",
      `COPY orders TO '/tmp/${pwnedPathPrefix}dir' (FORMAT parquet, PARTITION_BY (status))`,
    ],
    ["export database", `EXPORT DATABASE '/tmp/${pwnedPathPrefix}export'`],
    ["import database", "IMPORT DATABASE '/tmp'"],
    ["copy from database", "COPY FROM DATABASE memory TO pwned"],
    ["read_csv", "SELECT * FROM read_csv('/etc/passwd')"],
    ["read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd')"],
    ["read_csv with options", "SELECT * FROM read_csv('/etc/passwd', delim = ':', header = false)"],
    ["read_csv of a list", "SELECT * FROM read_csv(['/etc/passwd', '/etc/hosts'])"],
    ["read_text", "SELECT * FROM read_text('/etc/passwd')"],
    ["read_blob", "SELECT * FROM read_blob('/etc/shadow')"],
    ["read_json", "SELECT * FROM read_json('/etc/passwd')"],
    ["read_json_auto", "SELECT * FROM read_json_auto('/etc/passwd')"],
    ["read_ndjson", "SELECT * FROM read_ndjson('/etc/passwd')"],
    ["read_json_objects", "SELECT * FROM read_json_objects('/etc/passwd')"],
    ["read_parquet glob", "SELECT * FROM read_parquet('/tmp/*.parquet')"],
    ["read_duckdb", "SELECT * FROM read_duckdb('/tmp/other.duckdb')"],
    ["parquet_scan", "SELECT * FROM parquet_scan('/tmp/x.parquet')"],
    ["parquet_metadata", "SELECT * FROM parquet_metadata('/tmp/x.parquet')"],
    ["parquet_schema", "SELECT * FROM parquet_schema('/tmp/x.parquet')"],
    ["parquet_file_metadata", "SELECT * FROM parquet_file_metadata('/tmp/x.parquet')"],
    ["parquet_kv_metadata", "SELECT * FROM parquet_kv_metadata('/tmp/x.parquet')"],
    ["glob", "SELECT * FROM glob('/etc/*')"],
    ["sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')"],
    ["replacement scan of a quoted csv", "SELECT * FROM 'data.csv'"],
    ["replacement scan of an absolute path", "SELECT * FROM '/etc/passwd'"],
    ["replacement scan of a double-quoted path", `SELECT * FROM "/etc/passwd"`],
    ["replacement scan of a home path", "SELECT * FROM '~/.ssh/id_rsa'"],
    ["replacement scan of a URL", "SELECT * FROM 'https://example.com/data.parquet'"],
    ["replacement scan of s3", "SELECT * FROM 's3://bucket/data.parquet'"],
    ["replacement scan, FROM-first", "FROM '/etc/hosts'"],
    ["file read joined to a table", "SELECT * FROM orders, read_text('/etc/hostname')"],
  ]),
  ...list(duckdb, "extension", [
    ["install", "INSTALL httpfs"],
    ["force install", "FORCE INSTALL httpfs"],
    ["install from a URL", "INSTALL httpfs FROM 'http://example.com/ext'"],
    ["load", "LOAD httpfs"],
    ["load a file", `LOAD '/tmp/${pwnedPathPrefix}evil.duckdb_extension'`],
    ["update extensions", "UPDATE EXTENSIONS"],
    ["list extensions", "SELECT * FROM duckdb_extensions()"],
  ]),
  ...list(both, "config", [
    ["set", "SET threads = 64"],
    ["set search_path", "SET search_path = 'pg_catalog'"],
    ["reset all", "RESET ALL"],
    ["read a setting", "SELECT current_setting('search_path')"],
  ]),
  ...list(duckdb, "config", [
    ["re-enable external access", "SET enable_external_access = true"],
    ["raise the memory limit", "SET memory_limit = '100GB'"],
    ["unlock the configuration", "SET GLOBAL lock_configuration = false"],
    ["reset external access", "RESET enable_external_access"],
    ["set a variable", "SET VARIABLE pwned = 1"],
    ["reset a variable", "RESET VARIABLE pwned"],
    ["pragma setting", "PRAGMA threads = 8"],
    ["pragma enable profiling", "PRAGMA enable_profiling"],
    ["pragma database_list", "PRAGMA database_list"],
    ["pragma show_tables", "PRAGMA show_tables"],
    ["pragma table_info", "PRAGMA table_info('orders')"],
    ["read the temp directory", "SELECT current_setting('temp_directory')"],
    ["read a variable", "SELECT getvariable('pwned')"],
    ["read the environment", "SELECT getenv('HOME')"],
  ]),
  ...list(postgres, "config", [
    ["set statement_timeout", "SET statement_timeout = 0"],
    ["set role", "SET ROLE postgres"],
    ["set_config", "SELECT set_config('statement_timeout', '0', false)"],
  ]),
  ...list(both, "catalog", [
    ["information_schema.tables", "SELECT * FROM information_schema.tables"],
    ["information_schema.columns", "SELECT table_name, column_name FROM information_schema.columns"],
    ["pg_catalog.pg_class", "SELECT * FROM pg_catalog.pg_class"],
    ["pg_tables", "SELECT * FROM pg_tables"],
    ["pg_settings", "SELECT * FROM pg_settings"],
    ["pg_proc", "SELECT * FROM pg_catalog.pg_proc"],
    ["pg_stat_activity", "SELECT * FROM pg_stat_activity"],
    ["pg_namespace in a join", "SELECT o.* FROM orders o JOIN pg_namespace n ON true"],
  ]),
  ...list(duckdb, "catalog", [
    ["duckdb_tables()", "SELECT * FROM duckdb_tables()"],
    ["duckdb_views()", "SELECT sql FROM duckdb_views()"],
    ["duckdb_settings()", "SELECT * FROM duckdb_settings()"],
    ["duckdb_databases()", "SELECT path FROM duckdb_databases()"],
    ["duckdb_secrets()", "SELECT * FROM duckdb_secrets()"],
    ["duckdb_functions()", "SELECT * FROM duckdb_functions()"],
    ["duckdb_columns()", "SELECT * FROM duckdb_columns()"],
    ["duckdb_temporary_files()", "SELECT * FROM duckdb_temporary_files()"],
    ["duckdb_memory()", "SELECT * FROM duckdb_memory()"],
    ["duckdb_logs()", "SELECT * FROM duckdb_logs()"],
    ["duckdb_tables view", "SELECT * FROM duckdb_tables"],
    ["sqlite_master", "SELECT * FROM sqlite_master"],
    ["sqlite_schema", "SELECT sql FROM sqlite_schema"],
    ["pragma_table_info", "SELECT * FROM pragma_table_info('orders')"],
    ["pragma_database_list", "SELECT * FROM pragma_database_list"],
    ["pragma_storage_info", "SELECT * FROM pragma_storage_info('orders')"],
    ["pragma_version()", "SELECT * FROM pragma_version()"],
    ["system catalog", "SELECT * FROM system.main.duckdb_tables"],
    ["qualified information_schema", "SELECT * FROM memory.information_schema.tables"],
    ["show tables", "SHOW TABLES"],
    ["show all tables", "SHOW ALL TABLES"],
    ["describe", "DESCRIBE orders"],
    ["summarize", "SUMMARIZE orders"],
    ["describe in a subquery", "SELECT * FROM (DESCRIBE orders)"],
    ["view definition macro", "SELECT pg_get_viewdef(0)"],
    ["catalog macro", "SELECT format_type(23, -1)"],
  ]),
  ...list(both, "transaction", [
    ["begin", "BEGIN"],
    ["begin transaction", "BEGIN TRANSACTION"],
    ["start transaction read write", "START TRANSACTION READ WRITE"],
    ["commit", "COMMIT"],
    ["rollback", "ROLLBACK"],
  ]),
  ...list(both, "session", [
    ["explain", "EXPLAIN SELECT * FROM orders"],
    ["explain analyze a delete", "EXPLAIN ANALYZE DELETE FROM orders"],
    ["prepare", "PREPARE pwned AS SELECT 1"],
    ["execute", "EXECUTE pwned"],
    ["deallocate", "DEALLOCATE pwned"],
    ["vacuum", "VACUUM"],
    ["analyze", "ANALYZE"],
  ]),
  ...list(duckdb, "session", [
    ["attach a file", `ATTACH '/tmp/${pwnedPathPrefix}attach.db' AS pwned`],
    ["attach in memory", "ATTACH ':memory:' AS pwned"],
    ["attach postgres", "ATTACH 'dbname=postgres' AS pg (TYPE postgres)"],
    ["detach", "DETACH memory"],
    ["use", "USE memory"],
    ["call a table function", "CALL duckdb_settings()"],
    ["call a pragma", "CALL pragma_version()"],
    ["checkpoint", "CHECKPOINT"],
    ["force checkpoint", "FORCE CHECKPOINT"],
    ["create secret", "CREATE SECRET pwned (TYPE s3, KEY_ID 'k', SECRET 's')"],
    ["create persistent secret", "CREATE PERSISTENT SECRET pwned (TYPE s3, KEY_ID 'k', SECRET 's')"],
    ["drop secret", "DROP SECRET pwned"],
  ]),
  ...list(postgres, "session", [
    ["copy to a program", `COPY orders TO PROGRAM 'touch /tmp/${pwnedPathPrefix}program'`],
    ["do block", "DO $$ BEGIN PERFORM 1; END $$"],
    ["lock table", "LOCK TABLE orders"],
    ["listen", "LISTEN pwned"],
    ["grant", "GRANT ALL ON orders TO PUBLIC"],
  ]),
  ...list(both, "function", [
    ["pg_sleep", "SELECT pg_sleep(100)"],
    ["pg_read_file", "SELECT pg_read_file('/etc/passwd')"],
    ["pg_ls_dir", "SELECT * FROM pg_ls_dir('/')"],
    ["query()", "SELECT * FROM query('SELECT 1')"],
  ]),
  ...list(duckdb, "function", [
    ["query() reading a file", "SELECT * FROM query('SELECT * FROM read_csv(''/etc/passwd'')')"],
    ["query_table()", "SELECT * FROM query_table('orders')"],
    ["query_table() of a list", `SELECT * FROM query_table(['orders', 'Customers'])`],
    [
      "json_execute_serialized_sql",
      "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
    ],
    ["json_serialize_sql", "SELECT json_serialize_sql('SELECT 1')"],
    ["json_deserialize_sql", "SELECT json_deserialize_sql(json_serialize_sql('SELECT 1'))"],
    ["json_serialize_plan", "SELECT json_serialize_plan('SELECT * FROM read_csv(''/etc/passwd'')')"],
    ["sleep_ms", "SELECT sleep_ms(100000)"],
    ["nextval", "SELECT nextval('pwned_seq')"],
    ["setseed", "SELECT setseed(0.5)"],
    ["write_log", "SELECT write_log('pwned')"],
    ["which_secret", "SELECT * FROM which_secret('s3://bucket/x', 's3')"],
    ["checkpoint()", "SELECT * FROM checkpoint()"],
    ["force_checkpoint()", "SELECT * FROM force_checkpoint()"],
    ["enable_logging()", "SELECT * FROM enable_logging()"],
    ["test_all_types()", "SELECT * FROM test_all_types()"],
    ["sql_auto_complete()", "SELECT * FROM sql_auto_complete('SEL')"],
    ["table macro over a table name", "SELECT * FROM histogram(orders, amount)"],
    ["qualified table function", "SELECT * FROM system.main.duckdb_settings()"],
  ]),
  ...list(postgres, "function", [
    ["lo_import", "SELECT lo_import('/etc/passwd')"],
    ["dblink", "SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(x int)"],
  ]),
  ...list(both, "table", [
    ["a table outside the allow-list", "SELECT * FROM payroll"],
    ["UNION with a forbidden table", "SELECT status FROM orders UNION ALL SELECT name FROM payroll"],
    ["join to a forbidden table", "SELECT o.* FROM orders o JOIN payroll p ON p.id = o.customer_id"],
    ["forbidden table in a scalar subquery", "SELECT (SELECT max(salary) FROM payroll) AS x"],
    ["forbidden table in EXISTS", "SELECT * FROM orders WHERE EXISTS (SELECT 1 FROM payroll)"],
    ["forbidden table in a CTE", "WITH p AS (SELECT * FROM payroll) SELECT * FROM p"],
    ["CTE named like an allowed table", "WITH orders AS (SELECT * FROM payroll) SELECT * FROM orders"],
    ["forbidden table in IN", "SELECT * FROM orders WHERE customer_id IN (SELECT id FROM payroll)"],
    ["forbidden table via a lateral join", "SELECT * FROM orders o, LATERAL (SELECT * FROM payroll p) x"],
    ["forbidden table in a derived table", "SELECT * FROM (SELECT * FROM (SELECT * FROM payroll) a) b"],
    ["forbidden table in INTERSECT", "SELECT customer_id FROM orders INTERSECT SELECT id FROM payroll"],
    ["forbidden table in EXCEPT", "SELECT customer_id FROM orders EXCEPT SELECT id FROM payroll"],
  ]),
  ...list(duckdb, "table", [
    ["forbidden table, schema qualified", "SELECT * FROM main.payroll"],
    ["allowed table in another catalog", "SELECT * FROM system.main.orders"],
    ["allowed table in the temp catalog", "SELECT * FROM temp.main.orders"],
    [
      "CTE referenced before it is defined",
      "WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a",
    ],
    [
      "recursive CTE reading the catalog",
      "WITH RECURSIVE duckdb_settings AS (SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings",
    ],
    [
      "recursive anchor reading a same-named table",
      "WITH RECURSIVE payroll AS (SELECT * FROM payroll UNION ALL SELECT * FROM payroll) SELECT * FROM payroll",
    ],
    ["CTE named like a catalog view", "WITH sqlite_master AS (SELECT 1 AS x) SELECT * FROM sqlite_master"],
    ["PIVOT over a forbidden table", "PIVOT payroll ON dept IN ('a') USING sum(salary)"],
    ["FROM-first forbidden table", "FROM payroll SELECT *"],
  ]),
  ...list(both, "multi-statement", [
    ["select then drop", "SELECT 1; DROP TABLE orders"],
    ["two selects", "SELECT 1; SELECT 2"],
    ["select then copy", `SELECT * FROM orders; COPY orders TO '/tmp/${pwnedPathPrefix}multi.csv'`],
    ["select then update", "SELECT 1;UPDATE orders SET amount = 0"],
    ["select then set", "SELECT 1;\nSET search_path = 'pg_catalog'"],
    ["select then begin", "SELECT 1; BEGIN"],
  ]),
  ...list(duckdb, "multi-statement", [
    ["select then attach", `SELECT 1; ATTACH '/tmp/${pwnedPathPrefix}multi.db' AS p`],
    ["select then install", "SELECT 1; INSTALL httpfs"],
  ]),
  ...list(both, "trick", [
    ["line comment before a second statement", "SELECT 1 -- harmless\n; DROP TABLE orders"],
    ["block comment hiding a semicolon", "SELECT 1 /* ; */ ; DELETE FROM orders"],
    ["block comment that looks like SELECT", "/* SELECT */ DELETE FROM orders"],
    ["line comment that looks like SELECT", "-- SELECT * FROM orders\nDELETE FROM orders"],
    ["semicolon inside a string literal", `SELECT ';' ; COPY orders TO '/tmp/${pwnedPathPrefix}string.csv'`],
    ["escaped quote and semicolon", "SELECT 'a'';DROP TABLE orders;--'; DROP TABLE orders"],
    ["dollar-quoted semicolon", "SELECT $$;$$; DROP TABLE orders"],
    ["mixed case DML", "dElEtE fRoM orders"],
    ["mixed case drop", "DrOp TaBlE orders"],
    ["leading whitespace and comments", "\n\t /* x */ -- y\n  UPDATE orders SET amount = 1"],
    ["forbidden table quoted", `SELECT * FROM "payroll"`],
    ["forbidden table with unicode look-alike of an allowed one", "SELECT * FROM оrders"],
  ]),
  ...list(duckdb, "trick", [
    ["mixed case file read", "SeLeCt * FrOm ReAd_CsV('/etc/passwd')"],
    ["quoted function name", `SELECT * FROM "read_csv"('/etc/passwd')`],
    ["quoted upper-case function name", `SELECT * FROM "READ_TEXT"('/etc/passwd')`],
    ["upper-case function name", "select * from READ_CSV_AUTO('/etc/passwd')"],
    ["Cyrillic a in read_csv", "SELECT * FROM reаd_csv('/etc/passwd')"],
    ["Cyrillic e in getenv", "SELECT gеtenv('HOME')"],
    ["fullwidth read_csv", "SELECT * FROM ｒｅａｄ_ｃｓｖ('/etc/passwd')"],
    ["Cyrillic s in current_setting", "SELECT current_ѕetting('threads')"],
    ["roman numeral d in duckdb_settings", "SELECT * FROM ⅾuckdb_settings()"],
    ["file read in a scalar subquery", `SELECT (${readText}) AS x`],
    ["file read in IN", `SELECT * FROM orders WHERE status IN (${readText})`],
    ["file read in a CTE", "WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x"],
    [
      "file read in a nested CTE",
      "WITH a AS (WITH b AS (SELECT * FROM glob('/*')) SELECT * FROM b) SELECT * FROM a",
    ],
    [
      "file read in a recursive CTE",
      "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r, read_text('/etc/passwd') WHERE n < 3) SELECT * FROM r",
    ],
    [
      "file read in a lateral join",
      "SELECT * FROM orders o, LATERAL (SELECT * FROM read_text('/etc/passwd')) x",
    ],
    ["file read in UNION", `SELECT status FROM orders UNION ALL ${readText}`],
    [
      "file read deeply nested",
      "SELECT * FROM (SELECT * FROM (SELECT * FROM (SELECT * FROM read_blob('/etc/shadow')) a) b) c",
    ],
    ["file read inside unnest", "SELECT * FROM unnest((SELECT list(content) FROM read_text('/etc/passwd')))"],
    ["file read inside range", "SELECT * FROM range((SELECT count(*) FROM read_csv('/etc/passwd')))"],
    ["file read in a lambda", `SELECT list_transform([1], x -> (${readText}))`],
    ["file read in a window", `SELECT sum(amount) OVER (PARTITION BY (${readText})) FROM orders`],
    ["file read in a struct literal", `SELECT {'a': (${readText})}`],
    ["file read in a list literal", `SELECT [(${readText})]`],
    ["file read under COLLATE", `SELECT (${readText}) COLLATE nocase`],
    ["glob in CASE", "SELECT CASE WHEN EXISTS (SELECT 1 FROM glob('/etc/*')) THEN 1 END"],
    ["file read in ORDER BY", `SELECT * FROM orders ORDER BY (${readText})`],
    ["file read in GROUP BY", `SELECT count(*) FROM orders GROUP BY (${readText})`],
    [
      "file read in HAVING",
      `SELECT status FROM orders GROUP BY status HAVING count(*) > (SELECT count(*) FROM read_csv('/etc/passwd'))`,
    ],
    [
      "file read in QUALIFY",
      `SELECT * FROM orders QUALIFY row_number() OVER () < (SELECT count(*) FROM read_text('/etc/passwd'))`,
    ],
    ["file read in LIMIT", "SELECT * FROM orders LIMIT (SELECT count(*) FROM read_csv('/etc/passwd'))"],
    ["file read in a join condition", `SELECT * FROM orders o JOIN "Customers" c ON c.name = (${readText})`],
    ["file read in VALUES", `SELECT * FROM (VALUES ((${readText}))) v(x)`],
    [
      "file read in an aggregate FILTER",
      `SELECT count(*) FILTER (WHERE status IN (${readText})) FROM orders`,
    ],
    [
      "file read in PIVOT",
      "PIVOT (SELECT * FROM read_csv('/etc/passwd')) ON column0 IN ('a') USING count(*)",
    ],
    ["query() in a FROM-first UNION", "FROM orders SELECT status UNION ALL FROM query('SELECT 1') SELECT *"],
    ["catalog function in a CASE", "SELECT CASE WHEN true THEN (SELECT count(*) FROM duckdb_settings()) END"],
    ["current_setting in a WHERE", "SELECT * FROM orders WHERE current_setting('threads') = '2'"],
    ["method call syntax on a path", "SELECT ('/etc/passwd').read_text()"],
    ["statement smuggled in a query() string", "SELECT * FROM query('DROP TABLE orders')"],
  ]),
];
