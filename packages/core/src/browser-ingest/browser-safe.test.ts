import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../browser-ingest.ts", import.meta.url));

/** Every module specifier a source file names: static imports and re-exports (types too) and `import()`. */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"/gms)].map((m) => m[1]);
  const dynamic = [...source.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1]);
  return [...found, ...dynamic].filter((s): s is string => s !== undefined);
}

/** The package specifiers reachable from `file` through relative imports, with the module naming each. */
function reachablePackages(file: string, seen = new Set<string>()): { from: string; specifier: string }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return specifiers(readFileSync(file, "utf8")).flatMap((specifier) =>
    specifier.startsWith(".")
      ? reachablePackages(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")), seen)
      : [{ from: file, specifier }],
  );
}

describe("@quarry/core/browser-ingest", () => {
  // The logic it shares with the Node ingest lives in platform-neutral modules; this keeps it that way,
  // type imports included, so no Node built-in or native DuckDB can creep into a browser bundle.
  it("imports no Node built-in and not the native DuckDB, however deep", () => {
    const offending = reachablePackages(entry).filter(
      ({ specifier }) => specifier.startsWith("node:") || specifier === "@duckdb/node-api",
    );
    expect(offending).toEqual([]);
  });
});
