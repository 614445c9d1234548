import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { createLogger, defineConfig } from "vite";

/** Workspace sources, so the example runs from a checkout with no package build. */
const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

/**
 * Vite's dev server checks the source map of every script it serves, DuckDB-WASM's worker included, and warns
 * once per Arrow source that map names outside the package: hundreds of lines about a dependency's debug
 * info, on every start. Those lines are dropped; every other message is kept.
 */
const logger = createLogger();
const warnOnce = logger.warnOnce.bind(logger);
logger.warnOnce = (message, options) => {
  if (message.includes("Sourcemap for ") && message.includes("/@duckdb/duckdb-wasm/")) return;
  warnOnce(message, options);
};

/**
 * The browser-only example as a Vite app: `npx vite examples/browser-only` to develop,
 * `npx vite build examples/browser-only` and `npx vite preview examples/browser-only` to serve the build.
 * An app outside this repository installs `@quarry/core` and `@quarry/react` and drops the `@quarry` aliases.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  customLogger: logger,
  resolve: {
    alias: [
      { find: /^@quarry\/core$/, replacement: source("core/src/index.ts") },
      { find: /^@quarry\/core\/(.+)$/, replacement: source("core/src/$1.ts") },
      { find: /^@quarry\/react$/, replacement: source("react/src/index.ts") },
      // A native Node addon, reached only by the PNG chart export; a page downloads charts as SVG instead.
      { find: /^@resvg\/resvg-js$/, replacement: fileURLToPath(new URL("resvg-stub.ts", import.meta.url)) },
    ],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    // Over Vite's 500 kB warning, knowingly: the page's own chunk (React, Arrow, zod, the offline planner;
    // ~375 kB gzip) and pdf.js's worker, fetched only when a PDF arrives.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // libpg-query's Emscripten loader imports node:fs and node:crypto in a branch only Node takes; Vite
      // swaps them for empty modules in the page, which is right, and says so once per module.
      onwarn(warning, warn) {
        const { message } = warning;
        if (message.includes("externalized for browser compatibility") && message.includes("/libpg-query/"))
          return;
        warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
});
