/** Types of build-widget-page.mjs, for the tests that build the page in-process. */

/** Where `npm run build` puts the page; `quarry serve` looks for it there. */
export declare const defaultWidgetDir: string;

/** Bundles the widget page into `outDir` (emptied first) and resolves with what it wrote. */
export declare function buildWidgetPage(options?: { outDir?: string; minify?: boolean }): Promise<{
  outDir: string;
  files: string[];
  styleHashes: string[];
}>;
