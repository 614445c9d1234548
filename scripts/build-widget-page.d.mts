/** Types of build-widget-page.mjs, for the tests that build the page in-process. */

/** Where `npm run build` puts the page; `quarry serve` looks for it there. */
export declare const defaultWidgetDir: string;

/** Bundles the widget page into `outDir` (emptied first) and resolves with what it wrote. */
export declare function buildWidgetPage(options?: { outDir?: string; minify?: boolean }): Promise<{
  outDir: string;
  files: string[];
  styleHashes: string[];
}>;

/** The CSP hash (`sha256-…`) of the `<style>` `<QuarryChat/>` renders, for a page's `style-src`. */
export declare function widgetStyleHash(): Promise<string>;

/** Bundles a page's script and stylesheet into `outDir/assets`; paths in the result are relative to `outDir`. */
export declare function bundlePageAssets(options: {
  script: string;
  stylesheet: string;
  outDir: string;
  minify?: boolean;
}): Promise<{ script: string; stylesheet: string; files: string[] }>;
