// Bundles the browser-only example into dist/: main.js (esbuild, from the workspace sources), index.html,
// and DuckDB-WASM's worker and .wasm plus libpg-query's .wasm copied from node_modules, so the page loads
// everything from its own origin. Run from anywhere: `node examples/browser-only/build.mjs`.
import { copyFile, mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outdir = join(here, "dist");
const require = createRequire(join(root, "package.json"));

/** Files the page loads at run time, by where they go in dist/. */
const assets = {
  "duckdb-eh.wasm": require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"),
  "duckdb-browser-eh.worker.js": require.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js"),
  "libpg-query.wasm": join(dirname(require.resolve("libpg-query")), "libpg-query.wasm"),
  "index.html": join(here, "index.html"),
};

/** Resolves a package to a local stand-in. */
function stub(name, path) {
  const filter = new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`);
  return { name: `stub ${name}`, setup: (b) => b.onResolve({ filter }, () => ({ path })) };
}

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, "main.tsx")],
  outdir,
  bundle: true,
  format: "esm",
  // Lazily imported parts (SheetJS, Vega, libpg-query's loader) become chunks fetched on first need.
  splitting: true,
  platform: "browser",
  target: "es2022",
  // `@quarry/*` resolve to the workspace sources through the root tsconfig's paths: no package build needed.
  tsconfig: join(root, "tsconfig.json"),
  jsx: "automatic",
  minify: true,
  sourcemap: true,
  define: { "process.env.NODE_ENV": '"production"' },
  // libpg-query's Emscripten loader requires Node built-ins in branches a browser never takes.
  external: ["node:*"],
  plugins: [stub("@resvg/resvg-js", join(here, "resvg-stub.mjs"))],
  logLevel: "warning",
});
for (const [name, source] of Object.entries(assets)) await copyFile(source, join(outdir, name));
console.log(`Built ${outdir} in ${Math.round(performance.now() - started)} ms.`);
