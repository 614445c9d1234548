#!/usr/bin/env node
/**
 * Adds lockfile entries for platform-specific optional dependencies (esbuild, rollup, biome, DuckDB
 * bindings for other systems) that `npm install` left out.
 *
 * Why: the registry this project is developed against serves only the current platform's binaries, so
 * npm writes no entry for the others, and `npm ci` then refuses the lockfile as "not in sync". An entry with
 * the version and `optional: true` satisfies `npm ci`; on a platform that needs the package npm fetches it
 * by version, and elsewhere it skips it like any optional dependency that cannot be installed.
 *
 * Run after changing dependencies: `npm install && npm run lock:complete`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

/** Where Node would find `name` from the package at `path`: the nearest `node_modules/name` upwards. */
function resolve(path, name) {
  let dir = path;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return null;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

/** A range (`~2.3.2`) as the newest version the registry has for it, or null when it has none. */
function newestFor(name, range) {
  try {
    const out = execFileSync("npm", ["view", `${name}@${range}`, "version", "--json"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const versions = [JSON.parse(out)].flat();
    return versions.at(-1) ?? null;
  } catch {
    return null;
  }
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const found = resolve(path, name);
    const exact = /^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(spec);
    // An entry for a range is left to npm, which wrote it when it could resolve the range.
    if (found && (!exact || packages[found].version === spec)) continue;
    const version = exact ? spec : newestFor(name, spec);
    if (!version) continue;
    // Hoist to the top when that place is free, else nest under the dependent (as npm would).
    const target = !packages[`node_modules/${name}`]
      ? `node_modules/${name}`
      : `${path}/node_modules/${name}`;
    if (packages[target]) continue;
    packages[target] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} optional platform entries\n`);
