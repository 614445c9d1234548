import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSqlOf, isCountOf } from "./capped-query.js";
import { duckDbNodeParser } from "./duckdb-parser.js";

describe("count statements for the true row count", () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const ast = async (sql: string) => {
    const parsed = JSON.parse(await duckDbNodeParser(connection).serializeSql(sql)) as {
      statements?: unknown[];
    };
    return parsed.statements?.length === 1 ? parsed.statements[0] : undefined;
  };
  const countable = async (sql: string) => isCountOf(await ast(countSqlOf(sql)), await ast(sql));

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it("wraps ordinary statements, including trailing comments and semicolons", async () => {
    for (const sql of [
      "SELECT * FROM range(10)",
      "SELECT 1 AS a, 2 AS a",
      "WITH x AS (SELECT 1) SELECT * FROM x ORDER BY 1 LIMIT 3 -- trailing",
      "SELECT 1 UNION ALL SELECT 2 ORDER BY 1",
      "FROM range(3)",
      "VALUES (1), (2)",
      "SELECT 1;",
    ]) {
      expect(await countable(sql), sql).toBe(true);
    }
  });

  it("refuses wrappers whose parse is not exactly count(*) over the statement", async () => {
    expect(await countable("SELECT 1; -- the end")).toBe(false);
    const original = await ast("SELECT * FROM range(10)");
    expect(
      isCountOf(await ast("SELECT count(*) FROM (SELECT * FROM range(11)) AS quarry_count"), original),
    ).toBe(false);
    expect(isCountOf(await ast("SELECT count(*) FROM (SELECT * FROM range(10)) AS other"), original)).toBe(
      false,
    );
    expect(
      isCountOf(
        await ast("SELECT count(*) FROM (SELECT * FROM range(10)) AS quarry_count WHERE false"),
        original,
      ),
    ).toBe(false);
    expect(
      isCountOf(
        await ast("SELECT count(DISTINCT 1) FROM (SELECT * FROM range(10)) AS quarry_count"),
        original,
      ),
    ).toBe(false);
  });
});
