import { expect } from "vitest";
import { expectCode } from "../store/harness.js";
import {
  customersFixture,
  engineFixtureTables,
  forbiddenTableName,
  ordersFixture,
} from "./fixture-tables.js";
import type { DefineTest, EngineTestContext } from "./harness.js";

/** listTables and describeTable. */
export function schemaTests(define: DefineTest, { engine }: EngineTestContext): void {
  define("listTables returns exactly the session's tables with row counts", async () => {
    const tables = await engine().listTables();
    expect(tables.map((t) => t.name).sort()).toEqual(engineFixtureTables.map((t) => t.name).sort());
    for (const fixture of engineFixtureTables) {
      expect(tables.find((t) => t.name === fixture.name)?.rowCount).toBe(fixture.rows.length);
    }
  });

  define("listTables gives columns in order, with engine types and coarse kinds", async () => {
    const orders = (await engine().listTables()).find((t) => t.name === ordersFixture.name);
    expect(orders?.columns.map((c) => c.name)).toEqual(ordersFixture.columns.map((c) => c.name));
    const kinds = Object.fromEntries(orders?.columns.map((c) => [c.name, c.kind]) ?? []);
    expect(kinds).toEqual({
      order_id: "integer",
      customer_id: "integer",
      order_date: "date",
      shipped_at: "timestamp",
      amount: "number",
      "Cost Total $": "number",
      status: "string",
      is_gift: "boolean",
      big_id: "integer",
    });
    for (const column of orders?.columns ?? []) expect(column.type).toMatch(/\S/);
  });

  define("describeTable matches names case-insensitively and keeps the real name", async () => {
    const customers = await engine().describeTable("customers");
    expect(customers.name).toBe(customersFixture.name);
    expect(customers.rowCount).toBe(customersFixture.rows.length);
    expect(customers.columns.map((c) => c.name)).toEqual(customersFixture.columns.map((c) => c.name));
    expect((await engine().describeTable("ORDERS")).name).toBe(ordersFixture.name);
  });

  define("describeTable of a table outside the session is NOT_FOUND", async () => {
    await expectCode(engine().describeTable(forbiddenTableName), "NOT_FOUND");
  });

  define("listTables returns copies that callers cannot corrupt", async () => {
    const first = await engine().listTables();
    first[0]?.columns.splice(0);
    const again = await engine().listTables();
    expect(again[0]?.columns.length).toBeGreaterThan(0);
  });
}
