import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createOfflineModel } from "@quarry/core/offline";
import type { Browser, Page } from "playwright-core";
import { type QuarryServer, startServe } from "../../packages/server-adapters/src/cli/serve-command.js";
import { buildWidgetPage } from "../../scripts/build-widget-page.mjs";
import { launchChromium, watchedPage } from "./chromium.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sharedCsv = "/work/shared/eval/data/seattle-weather.csv";

/** Seattle's daily weather; the same file ships with vega-datasets, for machines without the shared data. */
export const seattleCsvPath = existsSync(sharedCsv)
  ? sharedCsv
  : resolve(root, "node_modules/vega-datasets/data/seattle-weather.csv");

/** Where the browser tests put their screenshots. */
export const artifacts = resolve(root, "test-artifacts/e2e");

/** A running `quarry serve`, its chat page bundled from source, and a watched Chromium page. */
export interface ServedPage {
  /** The temporary folder holding the data and the bundled page (removed by `close`). */
  dir: string;
  /** The bundled widget page, for another server a test starts. */
  widgetDir: string;
  server: QuarryServer;
  browser: Browser;
  page: Page;
  /** What fails the test (see `watchedPage`). */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Starts `quarry serve` with the offline model over a temporary folder, with the widget page bundled from
 * source into it (so a test never runs against a stale `dist/`), and opens a watched page in Chromium.
 */
export async function startServedPage(
  name: string,
  pageOptions: Parameters<typeof watchedPage>[1],
  serveOptions: { sample?: boolean } = {},
): Promise<ServedPage> {
  const dir = await mkdtemp(join(tmpdir(), `quarry-e2e-${name}-`));
  await mkdir(artifacts, { recursive: true });
  const [{ outDir: widgetDir }, browser] = await Promise.all([
    buildWidgetPage({ outDir: join(dir, "widget") }),
    launchChromium(),
  ]);
  const server = await startServe({
    port: 0,
    dataDir: join(dir, "data"),
    model: createOfflineModel(),
    widgetDir,
    ...serveOptions,
  });
  const { page, problems } = await watchedPage(browser, pageOptions);
  return {
    dir,
    widgetDir,
    server,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
