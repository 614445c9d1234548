import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInChromium, launchChromium } from "../../../../test/e2e/chromium.js";
import { makeEncryptedPdf, makePdf } from "./test-pdfs.js";

/**
 * `extractDocumentPages` in real Chromium: bundled from source as a host app's bundler would, it must pick
 * pdf.js's standard build and parse on the page's thread (no worker URL configured), with nothing fetched
 * from anywhere but the page's own origin.
 */

const here = fileURLToPath(new URL(".", import.meta.url));
const entry = `
import { extractDocumentPages } from "./extract-document-text.ts";
window.extract = async (base64, fileName) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    return await extractDocumentPages({ bytes, fileName });
  } catch (error) {
    return { code: error.code, message: error.message };
  }
};
`;

describeInChromium("extractDocumentPages in Chromium", () => {
  const out = join(tmpdir(), `quarry-pdf-browser-${process.pid}`);
  let server: Server | undefined;
  let browser: Browser | undefined;
  let origin = "";

  beforeAll(async () => {
    await build({
      stdin: { contents: entry, resolveDir: here, loader: "ts" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      outdir: out,
      logLevel: "silent",
    });
    await writeFile(join(out, "index.html"), '<!doctype html><script type="module" src="stdin.js"></script>');
    server = createServer(async (request, response) => {
      const path = join(out, new URL(request.url ?? "/", "http://x").pathname.replace(/^\/$/, "/index.html"));
      try {
        const type = extname(path) === ".html" ? "text/html" : "text/javascript";
        response.writeHead(200, { "content-type": type }).end(await readFile(path));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(out, { recursive: true, force: true });
  });

  it("reads a PDF's pages with the standard build, on the page's thread, fetching nothing else", async () => {
    const page = await browser!.newPage();
    const elsewhere: string[] = [];
    const errors: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const counted = window as unknown as { workersStarted: number; Worker: typeof Worker };
      const Original = counted.Worker;
      counted.workersStarted = 0;
      counted.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          counted.workersStarted++;
          super(url, options);
        }
      };
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => "extract" in window);

    const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
    const pdf = toBase64(await makePdf([["First page."], ["Second page", "", "with two paragraphs."]]));
    const extract = (base64: string, fileName: string) =>
      page.evaluate(
        ([b, f]) =>
          (window as unknown as { extract: (b?: string, f?: string) => Promise<unknown> }).extract(b, f),
        [base64, fileName],
      );

    expect(await extract(pdf, "a.pdf")).toEqual({
      format: "pdf",
      paged: true,
      pages: ["First page.", "Second page\n\nwith two paragraphs."],
    });
    expect(await extract(toBase64(makeEncryptedPdf()), "b.pdf")).toEqual({
      code: "INVALID_FILE",
      message: "the PDF is password-protected",
    });
    expect(await extract(toBase64(new TextEncoder().encode("# Notes")), "n.md")).toMatchObject({
      format: "markdown",
    });
    // The standard build ran (the legacy one, with its core-js polyfills, is for Node) and no Worker started.
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    const chunks = await Promise.all(
      loaded
        .filter((url) => url.endsWith(".js"))
        .map((url) => readFile(join(out, new URL(url).pathname), "utf8")),
    );
    expect(chunks.some((code) => code.includes("getDocument"))).toBe(true);
    expect(chunks.some((code) => code.includes("core-js"))).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { workersStarted: number }).workersStarted)).toBe(
      0,
    );
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
