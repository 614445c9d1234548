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
 * offline planner) built with `vite build` and served by `vite preview`, with every request to another origin refused. Uploads the
 * Seattle weather CSV through the widget's file input, asks a question, checks the answer and its table, adds
 * a workbook, and reloads to find the session again (IndexedDB).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const example = `${root}examples/browser-only`;
const vite = `${root}node_modules/vite/bin/vite.js`;
const artifacts = `${root}test-artifacts/`;
const seattle = `${root}node_modules/vega-datasets/data/seattle-weather.csv`;
const notes = `${root}packages/server-adapters/samples/seattle-weather-notes.pdf`;

/**
 * Runs the Vite CLI as the example's README does (`vite preview …` or `vite …` for the dev server) on a free
 * port, and resolves with the origin it prints.
 */
function startVite(args: string[]): Promise<{ origin: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [vite, ...args, example, "--port", "0", "--strictPort"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (found) resolve({ origin: found[0], process: child });
    });
    child.once("exit", (code) => reject(new Error(`vite ${args.join(" ")} exited with ${code}: ${out}`)));
  });
}

describeInChromium("browser-only example in Chromium", () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let origin = "";
  const refused: string[] = [];
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The production build, as the README runs it: `vite build`, then `vite preview` serves dist/.
    await promisify(execFile)(process.execPath, [vite, "build", example, "--logLevel", "warn"]);
    ({ origin, process: server } = await startVite(["preview"]));
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  }, 120_000);

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

    // A PDF is read in the page too: pdf.js is a lazy chunk, and the answer cites the page it quotes.
    await page.locator('input[type="file"]').setInputFiles(notes);
    const documents = page.getByRole("region", { name: "Documents" });
    await expect
      .poll(() => documents.getByRole("status").textContent(), { timeout: 30_000 })
      .toBe("Ready: ask about them");
    await page.getByRole("textbox", { name: /ask/i }).fill("How was the weather label assigned?");
    await page.keyboard.press("Enter");
    const cited = page.locator(".quarry-answer").last().getByRole("region", { name: "Sources" });
    await cited.waitFor({ timeout: 30_000 });
    await expect(cited.locator("details.quarry-citation summary").first().textContent()).resolves.toBe(
      "seattle-weather-notes.pdf, page 3",
    );
    await page.screenshot({ path: `${artifacts}browser-only-document.png` });

    await page.reload();
    await page.locator(".quarry-chat").waitFor();
    // Both answers come back from IndexedDB: the table first, then the cited one.
    const again = page.locator(".quarry-answer");
    await again.first().locator("table.quarry-table").waitFor({ timeout: 30_000 });
    expect(await again.first().textContent()).toMatch(/641/);
    await expect(again.last().locator("details.quarry-citation summary").first().textContent()).resolves.toBe(
      "seattle-weather-notes.pdf, page 3",
    );
    await expect.poll(() => page.locator(".quarry-session-list").textContent()).toMatch(/rainy days/i);
    // The reopened conversation is taller than its pane and opens at its end, after the lazy parts grew
    // (the Markdown parser replacing the plain text it stands in for is the last of them).
    await expect.poll(() => page.locator(".quarry-markdown-plain").count(), { timeout: 15_000 }).toBe(0);
    const conversation = page.locator(".quarry-conversation");
    const scroll = () =>
      conversation.evaluate((element) => ({
        overflows: element.scrollHeight > element.clientHeight,
        fromEnd: Math.round(element.scrollHeight - element.scrollTop - element.clientHeight),
      }));
    await expect.poll(scroll, { timeout: 15_000 }).toEqual({ overflows: true, fromEnd: 0 });
    await page.screenshot({ path: `${artifacts}browser-only-reloaded.png` });
    await context.close();

    // The route saw the workers' own fetches too (DuckDB-WASM's module, libpg-query's), so nothing slipped by.
    // Vite names the emitted files by content hash: /assets/duckdb-eh-<hash>.wasm.
    const paths = requested.map((url) => new URL(url).pathname);
    expect(paths.some((path) => /^\/assets\/duckdb-eh-[\w-]+\.wasm$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/assets\/libpg-query-[\w-]+\.wasm$/.test(path))).toBe(true);
    expect(refused).toEqual([]);
    expect(requested.filter((url) => new URL(url).pathname.startsWith("/api"))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

describeInChromium("browser-only example on Vite's dev server", () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  it("serves the sources unbundled and answers the same question", async () => {
    const started = await startVite([]);
    server = started.process;
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${started.origin}/`);
    await page.locator(".quarry-chat").waitFor({ timeout: 60_000 });

    await page.locator('input[type="file"]').setInputFiles(seattle);
    await page.locator(".quarry-dataset-name", { hasText: "seattle-weather" }).waitFor({ timeout: 60_000 });
    await page.getByRole("textbox", { name: /ask/i }).fill("How many rainy days were there?");
    await page.keyboard.press("Enter");
    const answer = page.locator(".quarry-answer").last();
    await answer.locator("table.quarry-table").waitFor({ timeout: 60_000 });
    expect(await answer.locator("table.quarry-table td").allTextContents()).toContain("641");
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
