/**
 * A newcomer's first minute, in real Chromium: `npm start` serves `quarry serve --sample`, the page opens
 * with the sample session already open (its table and its PDF listed), and the two questions the README
 * suggests get a four-row table with a drawn chart, and a quote citing the PDF's page 3.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { askForTableAndChart, describeInChromium } from "./chromium.js";
import { artifacts, type ServedPage, startServedPage } from "./served-page.js";

const stepTimeout = 20_000;

describeInChromium("the sample session of npm start in Chromium", () => {
  let served: ServedPage;
  let page: Page;

  beforeAll(async () => {
    served = await startServedPage(
      "sample",
      { viewport: { width: 1280, height: 860 }, colorScheme: "light", stepTimeout },
      { sample: true },
    );
    page = served.page;
  });

  afterAll(async () => {
    await served?.close();
  });

  it("opens the sample session and answers the README's two questions", async () => {
    await page.goto(`${served.server.url}/`);
    // Opened on arrival: nobody has to find it in the sidebar first.
    const current = page.locator('.quarry-session-open[aria-current="page"]');
    await expect.poll(() => current.textContent(), { timeout: stepTimeout }).toBe("Sample: Seattle weather");
    await page.locator(".quarry-dataset-name", { hasText: "seattle" }).waitFor();
    const documents = page.getByRole("region", { name: "Documents" });
    await expect.poll(() => documents.textContent()).toContain("seattle-weather-notes.pdf");
    await page.screenshot({ path: join(artifacts, "sample-01-opened.png") });

    await askForTableAndChart(page, "Total precipitation by year", { rows: 4, timeout: stepTimeout });

    const ask = page.getByRole("textbox", { name: "Ask a question" });
    await ask.fill("How was the weather label assigned?");
    await ask.press("Enter");
    const cited = page.locator("li.quarry-answer").nth(1);
    const sources = cited.getByRole("region", { name: "Sources" });
    await sources.waitFor();
    await expect(sources.locator("details.quarry-citation summary").first().textContent()).resolves.toBe(
      "seattle-weather-notes.pdf, page 3",
    );
    await expect(cited.locator(".quarry-markdown").first().textContent()).resolves.toContain("five labels");
    await page.screenshot({ path: join(artifacts, "sample-02-answered.png") });

    // Still the one session: the questions went into the sample, not a new empty one.
    expect(await page.locator(".quarry-session-open").allTextContents()).toEqual(["Sample: Seattle weather"]);
    expect(served.problems).toEqual([]);
  }, 90_000);
});
