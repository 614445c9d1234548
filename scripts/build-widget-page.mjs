#!/usr/bin/env node
/**
 * Builds the page `quarry serve` shows at `/` (packages/server-adapters/src/widget-page) into
 * packages/server-adapters/dist/widget: index.html, and under assets/ the entry script, the page's CSS
 * and the lazy chunks (vega-embed, vega, vega-lite, vega-interpreter), each named by its content hash.
 * Everything is bundled, React included, so the page loads nothing from another origin.
 *
 * Also writes manifest.json with the hash of the widget's inline stylesheet: the server names it in the
 * page's Content-Security-Policy instead of allowing every inline style.
 *
 * Run by `npm run build` after tsup (whose clean would delete it). The e2e tests import `buildWidgetPage`
 * and build into a folder of their own, so they never run against a stale bundle.
 */
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = resolve(root, "packages/server-adapters/src/widget-page");

/** Where `npm run build` puts the page; `quarry serve` looks for it there. */
export const defaultWidgetDir = resolve(root, "packages/server-adapters/dist/widget");

/**
 * Bundles the widget page into `outDir` (emptied first) and resolves with what it wrote.
 * @param {{ outDir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string, files: string[], styleHashes: string[] }>}
 */
export async function buildWidgetPage({ outDir = defaultWidgetDir, minify = true } = {}) {
  await rm(outDir, { recursive: true, force: true });
  const assets = await bundlePageAssets({
    script: resolve(source, "main.tsx"),
    stylesheet: resolve(source, "page.css"),
    outDir,
    minify,
  });
  const template = await readFile(resolve(source, "index.html"), "utf8");
  const html = template.replace("%MAIN_JS%", assets.script).replace("%PAGE_CSS%", assets.stylesheet);
  await writeFile(resolve(outDir, "index.html"), html);

  const styleHashes = [await widgetStyleHash()];
  await writeFile(resolve(outDir, "manifest.json"), `${JSON.stringify({ styleHashes }, null, 2)}\n`);
  return { outDir, files: ["index.html", "manifest.json", ...assets.files], styleHashes };
}

/**
 * Bundles a page's script and stylesheet into `outDir/assets` for the browser, each file named by its
 * content's hash, lazy imports as chunks, everything (React included) bundled so the page loads nothing
 * from another origin. Resolves with the entry files' paths and every file written, relative to `outDir`.
 * @param {{ script: string, stylesheet: string, outDir: string, minify?: boolean }} options
 * @returns {Promise<{ script: string, stylesheet: string, files: string[] }>}
 */
export async function bundlePageAssets({ script, stylesheet, outDir, minify = true }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: script, page: stylesheet },
    outdir: resolve(outDir, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome111", "firefox115", "safari16.4"],
    minify,
    // Workspace packages resolve to their source through tsconfig paths, like the tests: never a stale dist.
    tsconfig: resolve(root, "tsconfig.json"),
    define: { "process.env.NODE_ENV": '"production"' },
    metafile: true,
    logLevel: "warning",
  });
  const outputs = Object.entries(result.metafile.outputs);
  const relativeToOut = (file) => relative(outDir, resolve(root, file)).split("\\").join("/");
  const entry = (path) => {
    const found = outputs.find(
      ([, output]) => output.entryPoint && resolve(root, output.entryPoint) === path,
    );
    if (!found) throw new Error(`esbuild wrote no output for ${path}`);
    return relativeToOut(found[0]);
  };
  return {
    script: entry(resolve(script)),
    stylesheet: entry(resolve(stylesheet)),
    files: outputs.map(([file]) => relativeToOut(file)),
  };
}

/**
 * The CSP hash of the `<style>` the widget renders (its stylesheet, verbatim), so the page's policy can
 * allow exactly that inline style. Read from the source the page was bundled from.
 */
export async function widgetStyleHash() {
  const bundled = await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, "packages/react/src/styles.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "warning",
  });
  const code = bundled.outputFiles[0].text;
  const { quarryStyles } = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
  );
  if (typeof quarryStyles !== "string")
    throw new Error("packages/react/src/styles.ts exports no quarryStyles");
  return `sha256-${createHash("sha256").update(quarryStyles, "utf8").digest("base64")}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { outDir, files } = await buildWidgetPage();
  const took = Math.round(performance.now() - started);
  console.log(`widget page: ${files.length} files in ${relative(root, outDir)} (${took} ms)`);
}
