import type { SqlEngine } from "../../engine/sql-engine.js";
import type { FixtureTable, SqlDialect } from "./fixture-tables.js";

/** A part of the conformance suite: schema introspection, queries and types, limits and stops, the guard. */
export type SqlEngineConformancePart = "schema" | "query" | "limits" | "guard";

/** How the conformance suite gets an engine to test. */
export interface SqlEngineConformanceOptions {
  /** Shown in the suite's name, e.g. "duckdb (native)". */
  name: string;
  /**
   * Makes an engine holding exactly these tables (and no other the queries could read). The adapter test
   * turns each fixture into a table of its own, typed as the fixture says. One engine serves the suite.
   */
  createEngine: (fixtures: readonly FixtureTable[]) => Promise<SqlEngine>;
  /** Runs after the suite, e.g. to drop tables; `engine.close()` is called before it. */
  destroy?: () => void | Promise<void>;
  /**
   * The engine's dialect, so that only the fixtures of that dialect are declared as tests. Without it every
   * fixture is declared and those of other dialects skip once the engine says its dialect.
   */
  dialect?: SqlDialect;
  /** Test names (as printed) to skip, for adapters that knowingly lack a feature. */
  skip?: readonly string[];
  /**
   * The parts to run; default all. E.g. `["guard"]` to run the guard tests again for a second guard
   * configuration of an engine already run through the whole suite.
   */
  parts?: readonly SqlEngineConformancePart[];
  /**
   * A statement that passes the guard and runs for many seconds, to test timeouts and aborts. The default
   * is a large cross join of the dialect's series generator.
   */
  slowSql?: string;
}

/** What every test body gets. */
export interface EngineTestContext {
  engine: () => SqlEngine;
  /** The dialect given in the options, if any: fixtures of other dialects need not be declared. */
  declaredDialect: SqlDialect | undefined;
  slowSql: () => string;
}

/** Declares one test (honouring `skip`); the body may skip itself at run time. */
export type DefineTest = (name: string, body: (test: { skip: () => void }) => Promise<void>) => void;

/** Default slow statements: about 10^12 row pairs, far beyond any test's patience. */
export const defaultSlowSql: Record<SqlDialect, string> = {
  duckdb: "SELECT count(*) FROM range(1000000000) AS a(x), range(1000) AS b(y) WHERE a.x + b.y < 0",
  postgres:
    "SELECT count(*) FROM generate_series(1, 1000000000) AS a(x) CROSS JOIN generate_series(1, 1000) AS b(y) " +
    "WHERE a.x + b.y < 0",
};

/** How long a stopped query may take to reject: the port promises "within a second". */
export const stopWithinMs = 1_000;

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}
