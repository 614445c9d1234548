/**
 * Documents in the chat page of `quarry serve`, in real Chromium: a handbook PDF (made with pdf-lib in the
 * run) and a scanned one go up through the widget's file input; the list shows them uploading or being read,
 * then the handbook processed with its pages and the scan failed with its reason; the scan is removed; a
 * question whose answer is on page 2 gets an answer citing the file and page 2, and the citation opens to
 * the quoted passage. Page errors, console errors and CSP violations fail the test.
 *
 * Skipped without Chromium (see `chromium.ts`). The page is bundled from source into a temporary folder.
 * Screenshots go to `test-artifacts/e2e/`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createOfflineModel } from "@quarry/core/offline";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeImageOnlyPdf, makePdf } from "../../packages/core/src/documents/test-pdfs.js";
import { type QuarryServer, startServe } from "../../packages/server-adapters/src/cli/serve-command.js";
import { buildWidgetPage } from "../../scripts/build-widget-page.mjs";
import { describeInChromium, launchChromium, watchedPage } from "./chromium.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const artifacts = resolve(root, "test-artifacts/e2e");
const testTimeout = 90_000;
const stepTimeout = 20_000;

/** The staff handbook: the parental leave rule is on page 2 and nowhere else. */
const handbookPages = [
  [
    "Northwind Staff Handbook",
    "",
    "Welcome to Northwind. This handbook explains how we work together, from opening hours to holidays.",
    "Our offices open at eight and close at six on weekdays.",
  ],
  [
    "Leave",
    "",
    "Parental leave is 26 weeks at full pay for every parent, taken in up to three blocks before the",
    "child's second birthday. Tell your manager eight weeks ahead.",
    "",
    "Sick leave needs a doctor's note after three days.",
  ],
  ["Equipment", "", "Laptops are replaced every three years; return the old one to the IT desk."],
];

describeInChromium("documents in the chat page in Chromium", () => {
  let dir: string;
  let server: QuarryServer;
  let browser: Browser;
  let page: Page;
  let handbookPath: string;
  let scanPath: string;
  let problems: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quarry-e2e-documents-"));
    await mkdir(artifacts, { recursive: true });
    handbookPath = join(dir, "staff-handbook.pdf");
    scanPath = join(dir, "scanned-memo.pdf");
    await writeFile(handbookPath, await makePdf(handbookPages));
    await writeFile(scanPath, await makeImageOnlyPdf());
    const [{ outDir }, launched] = await Promise.all([
      buildWidgetPage({ outDir: join(dir, "widget") }),
      launchChromium(),
    ]);
    browser = launched;
    server = await startServe({
      port: 0,
      dataDir: join(dir, "data"),
      model: createOfflineModel(),
      widgetDir: outDir,
    });
    ({ page, problems } = await watchedPage(browser, {
      viewport: { width: 1280, height: 860 },
      colorScheme: "light",
      stepTimeout,
    }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

  it(
    "uploads PDFs, shows their status, removes a failed one, and cites page 2 in an answer that expands",
    async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole("textbox", { name: "Ask a question" }).waitFor();

      // Held at the network until the list has shown the files as on their way.
      let release = () => {};
      const held = new Promise<void>((done) => (release = done));
      await page.route("**/sessions/*/documents", async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      });
      await page.getByLabel("Files to upload").setInputFiles([handbookPath, scanPath]);
      const documents = page.getByRole("region", { name: "Documents" });
      const handbook = documents.getByRole("listitem").filter({ hasText: "staff-handbook.pdf" });
      await handbook.waitFor();
      await expect(documents.getByRole("status").textContent()).resolves.toBe("Reading the documents…");
      await shot("10-documents-uploading");
      release();

      await handbook.getByText("3 pages").waitFor();
      const scan = documents.getByRole("listitem").filter({ hasText: "scanned-memo.pdf" });
      await scan.getByText(/Failed: .*no text layer/).waitFor();
      await page.unroute("**/sessions/*/documents");
      await expect(documents.getByRole("status").textContent()).resolves.toMatch(/1 could not be read/);
      await shot("11-documents-listed");

      await documents.getByRole("button", { name: "Remove scanned-memo.pdf" }).click();
      await scan.waitFor({ state: "detached" });
      await expect(documents.getByRole("status").textContent()).resolves.toBe("Ready: ask about them");
      expect(await documents.getByRole("listitem").count()).toBe(1);

      const ask = page.getByRole("textbox", { name: "Ask a question" });
      await ask.fill("How long is parental leave?");
      await ask.press("Enter");
      const answer = page.locator("li.quarry-answer").last();
      const sources = answer.getByRole("region", { name: "Sources" });
      await sources.waitFor();
      const citation = sources.locator("details.quarry-citation").first();
      const summary = citation.locator("summary");
      await expect(summary.textContent()).resolves.toBe("staff-handbook.pdf, page 2");
      const passage = citation.locator("blockquote");
      expect(await passage.isVisible()).toBe(false);
      await expect(answer.locator(".quarry-markdown").first().textContent()).resolves.toContain("26 weeks");
      await shot("12-document-answer");

      // Opened from the keyboard, as a screen-reader or keyboard user would.
      await summary.focus();
      await page.keyboard.press("Enter");
      await passage.waitFor({ state: "visible" });
      await expect(passage.textContent()).resolves.toContain("Parental leave is 26 weeks at full pay");
      expect(await citation.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
      await shot("13-citation-expanded");
      await answer.screenshot({ path: join(artifacts, "13-citation-expanded-detail.png") });

      expect(problems).toEqual([]);
    },
    testTimeout,
  );
});
