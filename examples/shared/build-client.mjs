/**
 * Bundles the examples' browser client (client/main.tsx, `<QuarryChat/>` over the example's API) and the
 * pages' stylesheet (client/page.css) into OUT/assets the way `quarry serve`'s page is bundled: each file
 * named by its content hash, React and the chart libraries included, so the pages load nothing from another
 * origin. Writes OUT/manifest.json: the two files' paths and the CSP hash of the widget's inline stylesheet,
 * which the server reads at start.
 *
 * Each server example's build.mjs calls this with its own `dist/`; the tests build into a temp folder.
 */
import { rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundlePageAssets, widgetStyleHash } from "../../scripts/build-widget-page.mjs";

const source = fileURLToPath(new URL("./client/", import.meta.url));

/**
 * Bundles the client into `outDir` (emptied first) and resolves with what the server needs to know about it.
 * @param {{ outDir: string, minify?: boolean }} options
 * @returns {Promise<{ outDir: string, script: string, stylesheet: string, styleHashes: string[] }>}
 */
export async function buildExampleClient({ outDir, minify = true }) {
  await rm(outDir, { recursive: true, force: true });
  const { script, stylesheet } = await bundlePageAssets({
    script: resolve(source, "main.tsx"),
    stylesheet: resolve(source, "page.css"),
    outDir,
    minify,
  });
  const manifest = { script, stylesheet, styleHashes: [await widgetStyleHash()] };
  await writeFile(resolve(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, ...manifest };
}

/** What `node examples/<example>/build.mjs` runs: the client into the example's `dist/`. */
export async function buildForExample(exampleDir) {
  const started = performance.now();
  const outDir = resolve(exampleDir, "dist");
  const { script } = await buildExampleClient({ outDir });
  console.log(`Built ${outDir} (${script}) in ${Math.round(performance.now() - started)} ms.`);
}
