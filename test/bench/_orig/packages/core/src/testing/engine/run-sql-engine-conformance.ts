import { afterAll, beforeAll, describe, it } from "vitest";
import type { SqlEngine } from "../../engine/sql-engine.js";
import { engineFixtureTables } from "./fixture-tables.js";
import { guardTests } from "./guard-tests.js";
import {
  type DefineTest,
  defaultSlowSql,
  type EngineTestContext,
  type SqlEngineConformanceOptions,
} from "./harness.js";
import { limitTests } from "./limit-tests.js";
import { queryTests } from "./query-tests.js";
import { schemaTests } from "./schema-tests.js";

/**
 * The SqlEngine conformance suite: every adapter of the `SqlEngine` port must pass it, and an engine you
 * write yourself should too. Call it at the top level of a vitest test file:
 *
 * @example
 * ```ts
 * import { createDuckDbEngine, fixtureParquetBytes } from "@quarry/core/duckdb";
 * import { runSqlEngineConformance } from "@quarry/core/testing";
 * runSqlEngineConformance({
 *   name: "duckdb",
 *   dialect: "duckdb",
 *   createEngine: async (fixtures) => createDuckDbEngine({ tables: await fixtureParquetBytes(fixtures) }),
 * });
 * ```
 *
 * The engine holds the fixture tables `orders` and `Customers` (fixture-tables.ts). The suite checks
 * schema introspection, typed JSON-safe results, the row cap and true row count, timeouts and aborts
 * (stopped within a second, engine still usable), concurrent queries, error codes, and the guard: every
 * hostile fixture of the engine's dialect refused with `UNSAFE_SQL` and no file left behind, every legit
 * fixture run.
 */
export function runSqlEngineConformance(options: SqlEngineConformanceOptions): void {
  describe(`SqlEngine conformance: ${options.name}`, () => {
    let engine: SqlEngine | undefined;
    const current = (): SqlEngine => {
      if (!engine) throw new Error("the engine under test was not created");
      return engine;
    };
    const context: EngineTestContext = {
      engine: current,
      declaredDialect: options.dialect,
      slowSql: () => options.slowSql ?? defaultSlowSql[current().dialect],
    };
    const skipped = new Set(options.skip ?? []);
    const define: DefineTest = (name, body) =>
      (skipped.has(name) ? it.skip : it)(name, (test) => body({ skip: () => test.skip() }));

    beforeAll(async () => {
      engine = await options.createEngine(engineFixtureTables);
    });
    afterAll(async () => {
      await engine?.close();
      await options.destroy?.();
    });

    schemaTests(define, context);
    queryTests(define, context);
    limitTests(define, context);
    guardTests(define, context);
  });
}
