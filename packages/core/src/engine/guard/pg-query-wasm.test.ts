import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parse, scan } from "libpg-query";
import { describe, expect, it } from "vitest";
import { hostileSql } from "../../testing/engine/hostile-sql.js";
import { legitSql } from "../../testing/engine/legit-sql.js";
import { expectCode } from "../../testing/store/harness.js";
import { parseStatements } from "./pg-parser.js";
import { loadPgQueryWasm } from "./pg-query-wasm.js";

const wasmPath = createRequire(import.meta.url).resolve("libpg-query/wasm/libpg-query.wasm");
const corpus = [...legitSql, ...hostileSql].map((s) => s.sql).concat(["SELEC 1", "SELECT 'unterminated"]);

/**
 * An answer as comparable text. Scanner errors compare as "failed" only: libpg-query's own `scan` turns
 * them into a JSON SyntaxError, which the loader does not copy.
 */
const outcome = (run: Promise<unknown>, errorText = true) =>
  run.then(
    (value) => JSON.stringify(value),
    (error: Error) => (errorText ? `${error.name}: ${error.message}` : "failed"),
  );

describe("loadPgQueryWasm", () => {
  it.each([
    ["beside the package", undefined],
    ["from a file URL", pathToFileURL(wasmPath)],
    ["from a path", wasmPath],
    ["from bytes", readFileSync(wasmPath)],
  ])("loads %s and parses and scans exactly as libpg-query's own entry", async (_, source) => {
    const parser = await loadPgQueryWasm(source);
    const drift: string[] = [];
    for (const sql of corpus) {
      if ((await outcome(parser.parse(sql))) !== (await outcome(parse(sql)))) drift.push(`parse: ${sql}`);
      const ownScan = await outcome(
        scan(sql).then((r) => r.tokens),
        false,
      );
      if ((await outcome(parser.scan(sql), false)) !== ownScan) drift.push(`scan: ${sql}`);
    }
    expect(drift).toEqual([]);
  });

  it("reports syntax errors as parseStatements expects them", async () => {
    const parser = await loadPgQueryWasm();
    const error = await expectCode(parseStatements(parser.parse, "SELECT FROM WHERE"), "QUERY_FAILED");
    expect(error.message).toContain("syntax error");
  });

  it("fails with INVALID_INPUT when the .wasm cannot be loaded, and loads later when it can", async () => {
    const missing = `${wasmPath}.missing`;
    await expectCode(loadPgQueryWasm(missing), "INVALID_INPUT");
    await expectCode(loadPgQueryWasm(new Uint8Array([0, 1, 2])), "INVALID_INPUT");
    expect(loadPgQueryWasm(wasmPath)).toBe(loadPgQueryWasm(wasmPath));
  });
});
