import { expect } from "vitest";
import { expectCode } from "../store/harness.js";
import { bigIdBeyondDoubles, ordersFixture } from "./fixture-tables.js";
import type { DefineTest, EngineTestContext } from "./harness.js";

const orderCount = ordersFixture.rows.length;

/** Results, types, row cap and errors of `query`, and `check`. */
export function queryTests(define: DefineTest, { engine }: EngineTestContext): void {
  define("query returns typed, JSON-safe values", async () => {
    const result = await engine().query(
      `SELECT order_id, order_date, shipped_at, amount, is_gift, big_id, status, "Cost Total $"
       FROM orders WHERE order_id IN (1, 2, 3) ORDER BY order_id`,
    );
    const [first, second, third] = result.rows;
    expect(first?.slice(0, 2)).toEqual([1, "2024-01-05"]);
    expect(first?.[2]).toMatch(/^2024-01-06T10:30:00(\.0+)?$/);
    expect(first?.slice(3)).toEqual([120.5, false, bigIdBeyondDoubles, "shipped", 80.25]);
    // Exact as a number, so it stays a number; only big integers beyond 2^53 become strings.
    expect(second?.[5]).toBe(1_000_000_000_002);
    expect(second?.[4]).toBe(true);
    expect(third?.[2]).toBeNull();
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  define("query names columns exactly as the result does, duplicates and quoted names kept", async () => {
    const result = await engine().query(
      `SELECT order_id, order_id, "Cost Total $", amount AS "Net €" FROM orders ORDER BY order_id LIMIT 1`,
    );
    expect(result.columns.map((c) => c.name)).toEqual(["order_id", "order_id", "Cost Total $", "Net €"]);
    for (const column of result.columns) expect(column.type).toMatch(/\S/);
    expect(result.rows).toEqual([[1, 1, 80.25, 120.5]]);
  });

  define("query returns every row under the cap, not truncated", async () => {
    const result = await engine().query("SELECT order_id FROM orders ORDER BY order_id", {
      maxRows: orderCount,
    });
    expect(result.rows.length).toBe(orderCount);
    expect(result.rowCount).toBe(orderCount);
    expect(result.truncated).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  define("query caps rows and still reports the true row count", async () => {
    const result = await engine().query("SELECT order_id FROM orders ORDER BY order_id", { maxRows: 5 });
    expect(result.rows).toEqual([[1], [2], [3], [4], [5]]);
    expect(result.rowCount).toBe(orderCount);
    expect(result.truncated).toBe(true);
    const oneShort = await engine().query("SELECT order_id FROM orders", { maxRows: orderCount - 1 });
    expect([oneShort.rows.length, oneShort.rowCount, oneShort.truncated]).toEqual([
      orderCount - 1,
      orderCount,
      true,
    ]);
  });

  define("maxRows 0 returns no rows but the count", async () => {
    const result = await engine().query("SELECT * FROM orders", { maxRows: 0 });
    expect([result.rows.length, result.rowCount, result.truncated]).toEqual([0, orderCount, true]);
    expect(result.columns.length).toBe(ordersFixture.columns.length);
  });

  define("the true row count holds for results of many chunks", async () => {
    const result = await engine().query("SELECT a.order_id FROM orders a, orders b, orders c", {
      maxRows: 100,
    });
    expect([result.rows.length, result.rowCount, result.truncated]).toEqual([100, orderCount ** 3, true]);
  });

  define("the row count survives trailing comments and semicolons", async () => {
    const result = await engine().query("SELECT order_id FROM orders; -- all of them", { maxRows: 2 });
    expect([result.rows.length, result.rowCount]).toEqual([2, orderCount]);
    const limited = await engine().query("SELECT order_id FROM orders LIMIT 10 -- ten", { maxRows: 3 });
    expect([limited.rows.length, limited.rowCount]).toEqual([3, 10]);
  });

  define("a runtime error is QUERY_FAILED with the engine's message", async () => {
    await expectCode(engine().query("SELECT CAST('not a number' AS INTEGER) AS x"), "QUERY_FAILED");
    const missing = await expectCode(engine().query("SELECT no_such_column FROM orders"), "QUERY_FAILED");
    expect(missing.message).toContain("no_such_column");
  });

  define("a syntax error is QUERY_FAILED, for the author to repair", async () => {
    const error = await expectCode(engine().query("SELEC order_id FROM orders"), "QUERY_FAILED");
    expect(error.message.toLowerCase()).toContain("syntax");
  });

  define("empty SQL is QUERY_FAILED", async () => {
    await expectCode(engine().query("  -- nothing here\n"), "QUERY_FAILED");
  });

  define("check accepts a SELECT and names the tables it reads", async () => {
    const result = await engine().check(
      `SELECT * FROM orders o JOIN "Customers" c ON c.customer_id = o.customer_id WHERE o.amount > 10`,
    );
    expect([...result.tables].sort()).toEqual(["Customers", "orders"]);
  });

  define("check refuses what may not run, without running it", async () => {
    await expectCode(engine().check("DELETE FROM orders"), "UNSAFE_SQL");
    const after = await engine().query("SELECT count(*) AS n FROM orders");
    expect(after.rows).toEqual([[orderCount]]);
  });
}
