import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { expect } from "vitest";
import { expectCode } from "../store/harness.js";
import { forbiddenTableName, type SqlDialect } from "./fixture-tables.js";
import type { DefineTest, EngineTestContext } from "./harness.js";
import { hostileSql, pwnedPathPrefix } from "./hostile-sql.js";
import { legitSql } from "./legit-sql.js";

/** Directories a hostile statement could have written to: the shared temp directory and the working one. */
function pwnedEntries(): string[] {
  const directories = [...new Set(["/tmp", tmpdir(), process.cwd()])].filter((d) => existsSync(d));
  return directories.flatMap((directory) =>
    readdirSync(directory)
      .filter((entry) => entry.startsWith(pwnedPathPrefix))
      .map((entry) => `${directory}/${entry}`),
  );
}

/**
 * Every hostile fixture of the engine's dialect is refused with UNSAFE_SQL, every legit one runs and returns
 * rows, and no hostile statement leaves a file behind.
 */
export function guardTests(define: DefineTest, { engine, declaredDialect }: EngineTestContext): void {
  const declared = (dialects: readonly SqlDialect[]) =>
    !declaredDialect || dialects.includes(declaredDialect);
  const skipOtherDialects = (dialects: readonly SqlDialect[], test: { skip: () => void }) => {
    if (!dialects.includes(engine().dialect)) test.skip();
  };
  // Hostile statements are tested one by one, so that a failure names the statement that got through.
  const hostile = hostileSql.filter((h) => declared(h.dialects));
  const legit = legitSql.filter((l) => declared(l.dialects));
  let filesBefore: string[] = [];

  define("no file of an earlier run's hostile statements exists", async () => {
    filesBefore = pwnedEntries();
    expect(filesBefore).toEqual([]);
  });

  for (const [index, { sql, category, note, dialects }] of hostile.entries()) {
    define(`hostile ${index + 1} [${category}] ${note} is UNSAFE_SQL`, async (test) => {
      skipOtherDialects(dialects, test);
      await expectCode(engine().query(sql, { timeoutMs: 5_000 }), "UNSAFE_SQL");
    });
  }

  define("no hostile statement left a file on disk", async () => {
    expect(pwnedEntries()).toEqual(filesBefore);
  });

  define("a table outside the allow-list is refused by query and check", async () => {
    const error = await expectCode(engine().query(`SELECT * FROM ${forbiddenTableName}`), "UNSAFE_SQL");
    expect(error.message).toContain(forbiddenTableName);
    await expectCode(engine().check(`SELECT count(*) FROM ${forbiddenTableName}`), "UNSAFE_SQL");
  });

  for (const [index, { sql, note, dialects }] of legit.entries()) {
    define(`legit ${index + 1} ${note} runs and returns rows`, async (test) => {
      skipOtherDialects(dialects, test);
      const result = await engine().query(sql, { maxRows: 50, timeoutMs: 10_000 });
      expect(result.rowCount).toBeGreaterThan(0);
      expect(result.rows.length).toBe(Math.min(result.rowCount, 50));
      expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
    });
  }
}
