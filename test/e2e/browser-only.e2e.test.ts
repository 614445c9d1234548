import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { xlsxBytes } from "../../packages/core/src/ingest/fixtures/test-files.js";
import { describeInChromium, launchChromium } from "./chromium.js";

/**
 * Quarry wholly in the browser, in real Chromium: the examples/browser-only app (IndexedDB, DuckDB-WASM, the
 * offline planner) served by a static server, with every request to another origin refused. Uploads the
 * Seattle weather CSV through the widget's file input, asks a question, checks the answer and its table, adds
 * a workbook, and reloads to find the session again (IndexedDB).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const example = `${root}examples/browser-only/`;
const artifacts = `${root}test-artifacts/`;
const seattle = `${root}node_modules/vega-datasets/data/seattle-weather.csv`;

describeInChromium("browser-only example in Chromium", () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let origin = "";
  const refused: string[] = [];
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [`${example}build.mjs`]);
    server = spawn(process.execPath, [`${example}serve.mjs`, "0"], { stdio: ["ignore", "pipe", "inherit"] });
    origin = await new Promise<string>((resolve, reject) => {
      let out = "";
      server?.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (found) resolve(found[0]);
      });
      server?.once("exit", (code) => reject(new Error(`the static server exited with ${code}`)));
    });
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  async function openPage(page: Page): Promise<void> {
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`);
    await page.locator(".quarry-chat").waitFor();
  }

  it("answers over an uploaded CSV with no server API, and keeps the session across a reload", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 } });
    // Proves "no server": anything not from the page's own origin is refused and remembered.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requested.push(url);
      if (new URL(url).origin === origin) return route.continue();
      refused.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await openPage(page);

    await page.locator('input[type="file"]').setInputFiles(seattle);
    await page.locator(".quarry-dataset-name", { hasText: "seattle-weather" }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${artifacts}browser-only-uploaded.png` });

    await page.getByRole("textbox", { name: /ask/i }).fill("How many rainy days were there?");
    await page.keyboard.press("Enter");
    const answer = page.locator(".quarry-answer").last();
    await answer.locator("table.quarry-table").waitFor({ timeout: 30_000 });
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toMatch(/641/);
    expect(await answer.locator("table.quarry-table td").allTextContents()).toContain("641");
    await page.screenshot({ path: `${artifacts}browser-only-answer.png` });

    // A workbook goes through SheetJS, a chunk the page fetches only now, from its own origin too.
    const workbook = xlsxBytes({
      Sales: [
        ["region", "amount"],
        ["north", 3],
        ["south", 4],
      ],
    });
    await page.locator('input[type="file"]').setInputFiles({
      name: "regions.xlsx",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(workbook),
    });
    await page.locator(".quarry-dataset-name", { hasText: "regions" }).waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator(".quarry-chat").waitFor();
    const again = page.locator(".quarry-answer").last();
    await again.locator("table.quarry-table").waitFor({ timeout: 30_000 });
    expect(await again.textContent()).toMatch(/641/);
    await expect.poll(() => page.locator(".quarry-session-list").textContent()).toMatch(/rainy days/i);
    await page.screenshot({ path: `${artifacts}browser-only-reloaded.png` });
    await context.close();

    // The route saw the workers' own fetches too (DuckDB-WASM's module, libpg-query's), so nothing slipped by.
    const paths = requested.map((url) => new URL(url).pathname);
    expect(paths).toEqual(expect.arrayContaining(["/duckdb-eh.wasm", "/libpg-query.wasm"]));
    expect(refused).toEqual([]);
    expect(requested.filter((url) => new URL(url).pathname.startsWith("/api"))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
