import { existsSync } from "node:fs";
import {
  type Browser,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
  type Response,
} from "playwright-core";
import { describe, expect, it } from "vitest";

/** Debian's Chromium (CI installs it); `QUARRY_CHROMIUM` points elsewhere. */
export const chromiumPath = process.env.QUARRY_CHROMIUM ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
/** CI sets this, so a missing browser fails the run instead of skipping the browser tests. */
const required = process.env.QUARRY_E2E_REQUIRED === "1";

/** The flags CI's Chromium runs with: no sandbox (containers), no GPU, nothing fetched in the background. */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Starts headless Chromium for a browser test. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** A response as `GET /api/datasets/:id/insights 404`: its request's method and path, ids as `:id`. */
export function describeResponse(response: Response): string {
  const path = new URL(response.url()).pathname.replace(
    /\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(?=\/|$)/g,
    "/:id",
  );
  return `${response.request().method()} ${path} ${response.status()}`;
}

/**
 * A page in a new context of `browser` that records what must fail a test: page errors, console errors,
 * Content-Security-Policy violations (reported through a listener added by DevTools, so it runs whatever the
 * page's CSP says; it only listens), and responses with an error status other than `expectedFailures` (as
 * {@link describeResponse} writes them; Chromium's console line for each is left out, since the response says
 * more). Every step waits at most `stepTimeout` ms.
 */
export async function watchedPage(
  browser: Browser,
  options: BrowserContextOptions & { stepTimeout: number; expectedFailures?: readonly string[] },
): Promise<{ page: Page; problems: string[] }> {
  const { stepTimeout, expectedFailures = [], ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  context.setDefaultTimeout(stepTimeout);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (message.text().startsWith("Failed to load resource: the server responded with a status of")) return;
    problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() < 400) return;
    const failure = describeResponse(response);
    if (!expectedFailures.includes(failure)) problems.push(`failed response: ${failure}`);
  });
  return { page, problems };
}

/**
 * A suite that runs in Chromium: skipped with a clear message on a machine without it (a fresh laptop still
 * passes `npm test`), and failing when `QUARRY_E2E_REQUIRED=1` says the browser must be there (CI).
 */
export function describeInChromium(name: string, suite: () => void): void {
  if (hasChromium) {
    describe(name, suite);
    return;
  }
  const why = `no Chromium at ${chromiumPath}; apt-get install chromium, or set QUARRY_CHROMIUM`;
  if (required) {
    describe(name, () => {
      it("has a browser to run in", () => {
        throw new Error(`QUARRY_E2E_REQUIRED=1 but there is ${why}.`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${why}.`);
  describe.skip(`${name} (skipped: ${why})`, suite);
}

/** Waits until an answer shows a table of `rows` rows and a chart vega has drawn (marks, not an empty frame). */
export async function expectTableAndChart(answer: Locator, rows: number, timeout: number): Promise<void> {
  await expect.poll(() => answer.locator(".quarry-result tbody tr").count(), { timeout }).toBe(rows);
  const marks = answer.locator(".quarry-chart-canvas svg g[class^='mark-'] path");
  await expect.poll(() => marks.count(), { timeout }).toBeGreaterThan(0);
}

/** Asks a question in the widget's box and returns the answer that follows once it has its table and chart. */
export async function askForTableAndChart(
  page: Page,
  question: string,
  options: { rows: number; timeout: number },
): Promise<Locator> {
  const ask = page.getByRole("textbox", { name: "Ask a question" });
  await ask.fill(question);
  await ask.press("Enter");
  const answer = page.locator("li.quarry-answer").last();
  await expectTableAndChart(answer, options.rows, options.timeout);
  return answer;
}
