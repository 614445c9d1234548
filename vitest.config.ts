import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/`, import.meta.url));

export default defineConfig({
  resolve: {
    // Workspace packages resolve each other's source, so tests never run against a stale build.
    alias: [
      { find: /^@quarry\/core$/, replacement: `${src("core")}index.ts` },
      { find: /^@quarry\/core\/(.*)$/, replacement: `${src("core")}$1.ts` },
      { find: /^@quarry\/react$/, replacement: `${src("react")}index.ts` },
      { find: /^@quarry\/server-adapters$/, replacement: `${src("server-adapters")}index.ts` },
      { find: /^@quarry\/server-adapters\/(.*)$/, replacement: `${src("server-adapters")}$1.ts` },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/src/**/*.test.tsx", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["packages/*/src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
  },
});
