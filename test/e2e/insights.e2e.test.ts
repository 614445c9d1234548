/**
 * Insights, memory and the glossary in the chat page of `quarry serve`, in real Chromium: upload Seattle's
 * weather, click "Find insights", see the cards (a drawn chart among them, each with its table and SQL), find
 * them again after a reload without running anything, put a card's follow-up in the box, save the session's
 * memory, and see the server's reason when it refuses a glossary. Page errors, console errors and CSP
 * violations fail the test.
 *
 * Skipped without Chromium (see `chromium.ts`). The page is bundled from source into a temporary folder.
 * Screenshots go to `test-artifacts/e2e/`.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInChromium, describeResponse } from "./chromium.js";
import { artifacts, type ServedPage, seattleCsvPath, startServedPage } from "./served-page.js";

const testTimeout = 90_000;
const stepTimeout = 20_000;

describeInChromium("insights in the chat page in Chromium", () => {
  let served: ServedPage;
  let page: Page;

  beforeAll(async () => {
    served = await startServedPage("insights", {
      viewport: { width: 1280, height: 900 },
      colorScheme: "light",
      stepTimeout,
      // No run before the first, and the glossary the test has refused.
      expectedFailures: ["PUT /api/datasets/:id/glossary 400"],
    });
    page = served.page;
  });

  afterAll(async () => {
    await served?.close();
  });

  const insights = () => page.getByRole("region", { name: "Insights" });
  const cards = () => insights().getByRole("article");

  /** Waits for at least three cards, one with a chart vega drew (marks, not an empty frame). */
  async function drawnCards(): Promise<void> {
    await expect.poll(() => cards().count(), { timeout: stepTimeout }).toBeGreaterThanOrEqual(3);
    const marks = insights().locator(".quarry-insight .quarry-chart-canvas svg g[class^='mark-'] path");
    await expect.poll(() => marks.count(), { timeout: stepTimeout }).toBeGreaterThan(0);
    await expect
      .poll(() => insights().locator('.quarry-chart[aria-busy="true"]').count(), { timeout: stepTimeout })
      .toBe(0);
  }

  it(
    "finds insights with charts, keeps them over a reload, and edits the memory and glossary",
    async () => {
      // Two requests fail on purpose (no run yet, a refused glossary), and no other.
      const failed: string[] = [];
      page.on("response", (response) => {
        if (response.status() >= 400) failed.push(describeResponse(response));
      });
      await page.goto(`${served.server.url}/`);
      // The latest run is asked for when the dataset's panel shows: there is none yet.
      const latest = page.waitForResponse(
        (r) => r.url().endsWith("/insights") && r.request().method() === "GET",
      );
      await page.getByLabel("Files to upload").setInputFiles(seattleCsvPath);
      await page.locator(".quarry-dataset-name", { hasText: "seattle" }).waitFor();
      const name = (await page.locator(".quarry-dataset-name").textContent()) ?? "";
      const find = page.getByRole("button", { name: `Find insights in ${name}` });
      expect((await latest).status()).toBe(204);
      expect(await cards().count()).toBe(0);

      // The run is held at the network until the page has shown that it is running.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/datasets/*/insights", async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      });
      const ran = page.waitForResponse(
        (r) => r.url().endsWith("/insights") && r.request().method() === "POST",
      );
      await find.click();
      await insights()
        .getByRole("status")
        .getByText(/^Looking for trends/)
        .waitFor();
      expect(await find.isDisabled()).toBe(true);
      await page.locator(".quarry-side").screenshot({ path: join(artifacts, "insights-00-running.png") });
      release();
      expect((await ran).status()).toBe(200);
      await page.unroute("**/datasets/*/insights");
      await drawnCards();
      const titles = await cards().locator("h5").allTextContents();
      expect(titles.length).toBeGreaterThanOrEqual(3);
      const first = cards().first();
      expect(await first.locator("table tbody tr").count()).toBeGreaterThan(0);
      expect(await first.locator("table tbody tr").count()).toBeLessThanOrEqual(10);
      expect(await first.locator("details.quarry-insight-sql").getAttribute("open")).toBeNull();
      expect(await first.locator("details.quarry-insight-sql code").textContent()).toMatch(/^SELECT|^WITH/);
      expect(await find.isEnabled()).toBe(true);
      await insights().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, "insights-01-cards.png") });
      await page.locator(".quarry-side").screenshot({ path: join(artifacts, "insights-02-panel.png") });
      await cards()
        .nth(1)
        .screenshot({ path: join(artifacts, "insights-02-second-card.png") });

      // The page reopens the session and shows the kept run without running the analyses again.
      let posted = 0;
      page.on("request", (request) => {
        if (request.method() === "POST" && request.url().endsWith("/insights")) posted++;
      });
      await page.reload();
      await drawnCards();
      expect(await cards().locator("h5").allTextContents()).toEqual(titles);
      expect(posted).toBe(0);

      await cards().nth(1).getByRole("button", { name: "Ask about this" }).click();
      const box = page.getByRole("textbox", { name: "Ask a question" });
      await expect.poll(() => box.inputValue(), { timeout: stepTimeout }).toBe(`${titles[1]}: tell me more`);
      expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);

      const memory = page.getByRole("region", { name: "Memory" });
      await memory.locator("summary").click();
      const preferences = memory.getByRole("textbox", { name: "Preferences (one a line)" });
      await preferences.fill("Round to one decimal\nUse millimetres");
      const savedMemory = page.waitForResponse(
        (r) => r.url().endsWith("/memory") && r.request().method() === "PUT",
      );
      await memory.getByRole("button", { name: "Save" }).click();
      expect(await (await savedMemory).json()).toMatchObject({
        preferences: ["Round to one decimal", "Use millimetres"],
      });
      await memory.getByRole("status").getByText("Saved").waitFor();

      const glossary = page.locator("details.quarry-glossary");
      await glossary.locator("summary").click();
      await glossary.getByRole("button", { name: "Add term" }).click();
      await glossary.getByRole("textbox", { name: "Term" }).fill("rainfall");
      await glossary.getByRole("textbox", { name: "Meaning" }).fill("Precipitation in mm");
      await glossary.getByRole("textbox", { name: "SQL expression (optional)" }).fill("sum(rain_mm)");
      await glossary.getByRole("button", { name: "Save" }).click();
      const refused = glossary.getByRole("alert");
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/^The glossary was not saved: Glossary term "rainfall": /);
      await glossary.scrollIntoViewIfNeeded();
      await page.locator(".quarry-side").screenshot({ path: join(artifacts, "insights-03-glossary.png") });
      await glossary.getByRole("textbox", { name: "SQL expression (optional)" }).fill("sum(precipitation)");
      await glossary.getByRole("button", { name: "Save" }).click();
      await glossary.getByRole("status").getByText("Saved").waitFor();
      expect(await glossary.getByRole("alert").count()).toBe(0);

      expect(failed).toEqual(["PUT /api/datasets/:id/glossary 400"]);
      expect(served.problems).toEqual([]);
    },
    testTimeout,
  );
});
