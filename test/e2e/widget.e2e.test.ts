/**
 * The chat page of `quarry serve` in real Chromium: upload a CSV, ask, see the table and the chart, rate
 * the answer and find the rating again after a reload, edit the question, download the answer as Excel. The
 * page runs under the server's Content-Security-Policy, and any violation (or page error) fails the test.
 *
 * Needs Chromium at /usr/bin/chromium (or `QUARRY_CHROMIUM`); without it the suite is skipped, unless
 * `QUARRY_E2E_REQUIRED=1` (set by CI), where a missing browser fails it. The page is bundled into a temporary
 * folder first, from source, so the test never runs against a stale `dist/`. Screenshots of each step go to
 * `test-artifacts/e2e/`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { read, utils } from "@e965/xlsx";
import { createOfflineModel } from "@quarry/core/offline";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServe } from "../../packages/server-adapters/src/cli/serve-command.js";
import { describeInChromium, expectTableAndChart } from "./chromium.js";
import { artifacts, type ServedPage, seattleCsvPath, startServedPage } from "./served-page.js";

/** A whole flow; CI machines run it beside the other suites, so it gets room. */
const testTimeout = 90_000;
/** One browser step; a stuck one fails with Playwright's message of what it waited for. */
const stepTimeout = 20_000;

describeInChromium("the chat page in Chromium", () => {
  let served: ServedPage;
  let page: Page;

  beforeAll(async () => {
    served = await startServedPage("widget", {
      viewport: { width: 1280, height: 860 },
      acceptDownloads: true,
      colorScheme: "light",
      stepTimeout,
      // The dataset panel asks for the latest insights run, and there is none until one runs.
    });
    page = served.page;
  });

  afterAll(async () => {
    await served?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const answers = () => page.locator("li.quarry-answer");

  /** The last answer once it has its table and a drawn chart, with its id. */
  async function settledAnswer(): Promise<string> {
    const answer = answers().last();
    await expectTableAndChart(answer, 4, stepTimeout);
    return (await answer.getAttribute("data-message-id"))!;
  }

  it(
    "uploads, answers with a table and a chart, keeps a rating, edits and downloads Excel",
    async () => {
      const response = await page.goto(`${served.server.url}/`);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
      await page.getByRole("textbox", { name: "Ask a question" }).waitFor();
      await shot("01-empty");

      // The upload is held at the network until the page shows the file's first rows, read in the browser.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/sessions/*/datasets", async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      });
      await page.getByLabel("Files to upload").setInputFiles(seattleCsvPath);
      const preview = page.getByRole("region", { name: "First rows of seattle-weather.csv" });
      await preview.waitFor({ timeout: stepTimeout });
      expect(await page.getByRole("progressbar", { name: "Uploading seattle-weather.csv" }).count()).toBe(1);
      expect(await preview.locator("tbody tr").count()).toBe(50);
      expect(await preview.locator("thead th").first().textContent()).toContain("date");
      await shot("02-previewed");
      release();
      await page.locator(".quarry-dataset-name", { hasText: "seattle" }).waitFor({ timeout: stepTimeout });
      await page.unroute("**/sessions/*/datasets");
      await shot("02-uploaded");

      const ask = page.getByRole("textbox", { name: "Ask a question" });
      await ask.fill("Total precipitation by year");
      await ask.press("Enter");
      const firstAnswer = await settledAnswer();
      const years = await answers()
        .last()
        .locator(".quarry-result tbody tr td:first-child")
        .allTextContents();
      expect(years.map((year) => year.replace(/\D/g, ""))).toEqual(["2012", "2013", "2014", "2015"]);
      await shot("03-answer");
      await answers()
        .last()
        .screenshot({ path: join(artifacts, "03-answer-detail.png") });

      const thumbsUp = answers().last().getByRole("button", { name: "Thumbs up" });
      const rated = page.waitForResponse((r) => r.url().endsWith(`/messages/${firstAnswer}/feedback`));
      await thumbsUp.click();
      expect((await rated).status()).toBe(200);
      expect(await thumbsUp.getAttribute("aria-pressed")).toBe("true");

      // The widget reopens the session it had open, with the rating as stored.
      await page.reload();
      await settledAnswer();
      await expect
        .poll(
          () => answers().last().getByRole("button", { name: "Thumbs up" }).getAttribute("aria-pressed"),
          {
            timeout: stepTimeout,
          },
        )
        .toBe("true");
      await shot("04-reloaded");
      await answers()
        .last()
        .screenshot({ path: join(artifacts, "04-reloaded-detail.png") });

      await page.getByRole("button", { name: "Edit question" }).click();
      const editor = page.locator(".quarry-edit textarea");
      await editor.fill("Total precipitation by year?");
      await page.locator(".quarry-edit").getByRole("button", { name: "Save" }).click();
      // The new answer, once stored (a streaming one has no id yet).
      const stored = async () => {
        const id = await answers().last().getAttribute("data-message-id");
        return id !== null && id !== firstAnswer;
      };
      await expect.poll(stored, { timeout: stepTimeout }).toBe(true);
      await settledAnswer();
      await expect(page.locator(".quarry-question-text").last().textContent()).resolves.toContain(
        "Total precipitation by year? (edited)",
      );
      await shot("05-edited");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        answers().last().getByRole("button", { name: "Download Excel" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = read(await readFile(await download.path()));
      expect(workbook.SheetNames).toContain("Result");
      const rows = utils.sheet_to_json<Record<string, unknown>>(workbook.Sheets.Result!);
      expect(rows).toHaveLength(4);

      // Narrower windows stack the panels (the widget's container queries).
      await page.setViewportSize({ width: 820, height: 860 });
      await shot("06-narrow");
      await page.setViewportSize({ width: 420, height: 860 });
      await shot("07-phone");
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.emulateMedia({ colorScheme: "dark" });
      await shot("09-dark");

      // Page errors, console errors, CSP violations and failed requests: each one fails the test.
      expect(served.problems).toEqual([]);
    },
    testTimeout,
  );

  it(
    "asks for the key of a server with API keys, or takes it once from ?key= in the address",
    async () => {
      const key = "e2e-key-0123456789abcdef";
      const keyed = await startServe({
        port: 0,
        dataDir: join(served.dir, "keyed"),
        model: createOfflineModel(),
        widgetDir: served.widgetDir,
        apiKeys: { [key]: { userId: "ada", tenantId: "e2e" } },
      });
      try {
        const asked = await (
          await served.browser.newContext({ viewport: { width: 1000, height: 700 } })
        ).newPage();
        asked.setDefaultTimeout(stepTimeout);
        await asked.goto(`${keyed.url}/`);
        const keyBox = asked.getByLabel("API key");
        await keyBox.fill("not-the-key-0123456789");
        await keyBox.press("Enter");
        await asked.getByText("The server did not accept that key").waitFor();
        await asked.screenshot({ path: join(artifacts, "08-key-form.png") });
        await asked.getByLabel("API key").fill(key);
        await asked.getByRole("button", { name: "Continue" }).click();
        await asked.getByRole("textbox", { name: "Ask a question" }).waitFor();
        await asked.getByText("No conversations yet.").waitFor();

        const linked = await (await served.browser.newContext()).newPage();
        linked.setDefaultTimeout(stepTimeout);
        await linked.goto(`${keyed.url}/?key=${key}`);
        await linked.getByText("No conversations yet.").waitFor();
        expect(new URL(linked.url()).search).toBe("");
        expect(await linked.evaluate(() => sessionStorage.getItem("quarry:api-key"))).toBe(key);
      } finally {
        await keyed.close();
      }
    },
    testTimeout,
  );
});
