/**
 * The Hono and Express examples in real Chromium: sign in through the login form, upload a CSV, ask, see
 * the table and the chart, sign out. The pages run under the examples' Content-Security-Policy, and any
 * violation, console error or page error fails the test. Skipped without Chromium (see ../e2e/chromium.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfflineModel } from "@quarry/core/offline";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildExampleClient } from "../../examples/shared/build-client.mjs";
import { askForTableAndChart, describeInChromium, launchChromium, watchedPage } from "../e2e/chromium.js";
import { weatherCsv } from "./example-kit.js";
import { startExpressExample, startHonoExample } from "./start-examples.js";

const stepTimeout = 20_000;

const examples = { Hono: startHonoExample, Express: startExpressExample };

describeInChromium("the server examples in Chromium", () => {
  let dir: string;
  let clientDir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quarry-example-e2e-"));
    const [client, launched] = await Promise.all([
      buildExampleClient({ outDir: join(dir, "client") }),
      launchChromium(),
    ]);
    clientDir = client.outDir;
    browser = launched;
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [name, start] of Object.entries(examples)) {
    it(`${name}: signs in, answers with a table and a chart under the CSP, signs out`, async () => {
      const server = await start({
        dataDir: join(dir, name),
        clientDir,
        secret: "e2e-secret-".repeat(4),
        model: createOfflineModel(),
      });
      const { page, problems } = await watchedPage(browser, {
        viewport: { width: 1280, height: 860 },
        stepTimeout,
      });
      try {
        await page.goto(`${server.url}/`);
        expect(new URL(page.url()).pathname).toBe("/login");
        await page.getByLabel("User name").fill("alice");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("textbox", { name: "Ask a question" }).waitFor();
        expect(await page.locator(".example-bar").textContent()).toContain("Signed in as alice");

        await page.getByLabel("Files to upload").setInputFiles(weatherCsv);
        await page.locator(".quarry-dataset-name", { hasText: "seattle" }).waitFor();
        await askForTableAndChart(page, "Total precipitation by year", { rows: 4, timeout: stepTimeout });

        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByLabel("User name").waitFor();
        expect(new URL(page.url()).pathname).toBe("/login");
        expect(problems).toEqual([]);
      } finally {
        await page.context().close();
        await server.close();
      }
    }, 90_000);
  }
});
