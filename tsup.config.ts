import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

/** What each workspace package builds: its entry points, named as in its `exports` map. */
const packages: Record<string, { entry: Record<string, string>; platform?: Options["platform"] }> = {
  core: {
    entry: {
      index: "src/index.ts",
      memory: "src/memory.ts",
      postgres: "src/postgres.ts",
      pglite: "src/pglite.ts",
      indexeddb: "src/indexeddb.ts",
      fs: "src/fs.ts",
      testing: "src/testing.ts",
      duckdb: "src/duckdb.ts",
      ingest: "src/ingest.ts",
      "duckdb-wasm": "src/duckdb-wasm.ts",
      "duckdb-wasm/node": "src/duckdb-wasm/node.ts",
      openai: "src/openai.ts",
      anthropic: "src/anthropic.ts",
      chart: "src/chart.ts",
      "chart-render": "src/chart-render.ts",
      export: "src/export.ts",
      eval: "src/eval.ts",
      offline: "src/offline.ts",
      client: "src/client.ts",
      "browser-ingest": "src/browser-ingest.ts",
      documents: "src/documents.ts",
    },
    platform: "neutral",
  },
  react: { entry: { index: "src/index.ts" }, platform: "browser" },
  "server-adapters": {
    entry: { index: "src/index.ts", hono: "src/hono.ts", express: "src/express.ts", cli: "src/cli.ts" },
    platform: "node",
  },
};

function versionOf(dir: string): string {
  return JSON.parse(readFileSync(`packages/${dir}/package.json`, "utf8")).version;
}

/** Dependencies stay imports in the output (a host app installs them), including their subpaths. */
function externalsOf(dir: string): RegExp[] {
  const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, "utf8"));
  const names = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ];
  return [/^node:/, ...names.map((name) => new RegExp(`^${name.replace(/[/.]/g, "\\$&")}(/.*)?$`))];
}

export default defineConfig(
  Object.entries(packages).map(([dir, { entry, platform }]) => ({
    name: dir,
    entry: Object.fromEntries(Object.entries(entry).map(([name, file]) => [name, `packages/${dir}/${file}`])),
    outDir: `packages/${dir}/dist`,
    format: ["esm"],
    target: "es2022",
    platform,
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    external: externalsOf(dir),
    define: { __QUARRY_VERSION__: JSON.stringify(versionOf(dir)) },
    tsconfig: "tsconfig.build.json",
  })),
);
