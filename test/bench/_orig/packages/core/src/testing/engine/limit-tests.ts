import { expect } from "vitest";
import { expectCode } from "../store/harness.js";
import { ordersFixture } from "./fixture-tables.js";
import { type DefineTest, type EngineTestContext, since, stopWithinMs } from "./harness.js";

const orderCount = ordersFixture.rows.length;

/** Timeouts, aborts and concurrency. */
export function limitTests(define: DefineTest, { engine, slowSql }: EngineTestContext): void {
  const stillAnswers = async () => {
    const result = await engine().query("SELECT count(*) AS n FROM orders");
    expect(result.rows).toEqual([[orderCount]]);
  };

  define("a timeout stops a running query within a second and the engine still answers", async () => {
    const start = performance.now();
    await expectCode(engine().query(slowSql(), { timeoutMs: 300 }), "QUERY_TIMEOUT");
    expect(since(start)).toBeLessThan(300 + stopWithinMs);
    await stillAnswers();
  });

  define("an abort stops a running query within a second and the engine still answers", async () => {
    const controller = new AbortController();
    const start = performance.now();
    setTimeout(() => controller.abort(), 300);
    await expectCode(engine().query(slowSql(), { signal: controller.signal, timeoutMs: 60_000 }), "ABORTED");
    expect(since(start)).toBeLessThan(300 + stopWithinMs);
    await stillAnswers();
  });

  define("an already aborted signal refuses at once", async () => {
    const start = performance.now();
    await expectCode(engine().query("SELECT * FROM orders", { signal: AbortSignal.abort() }), "ABORTED");
    expect(since(start)).toBeLessThan(stopWithinMs);
  });

  define("concurrent queries each get their own results", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const results = await Promise.all(
      ids.map((id) => engine().query(`SELECT order_id, customer_id FROM orders WHERE order_id = ${id}`)),
    );
    expect(results.map((r) => r.rows[0]?.[0])).toEqual(ids);
  });

  define("a slow query does not hold up fast ones", async () => {
    const controller = new AbortController();
    const slow = engine().query(slowSql(), { signal: controller.signal, timeoutMs: 60_000 });
    slow.catch(() => {});
    try {
      const start = performance.now();
      const fast = await Promise.all([1, 2, 3].map(() => engine().query("SELECT count(*) FROM orders")));
      expect(fast.map((r) => r.rows[0]?.[0])).toEqual([orderCount, orderCount, orderCount]);
      expect(since(start)).toBeLessThan(5_000);
    } finally {
      controller.abort();
    }
    await expectCode(slow, "ABORTED");
  });
}
