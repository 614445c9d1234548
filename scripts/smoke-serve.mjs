#!/usr/bin/env node
/**
 * The fresh-clone check of the README's first command, run by CI after `npm ci` and `npm run build`: starts
 * `quarry serve --sample` as `npm start` does (on a free port, with a throw-away data folder), waits for
 * `/api/health`, checks the sample session (a table and a ready document), fetches the chat page at `/` and
 * one of its scripts, then stops the server with SIGTERM and
 * expects a clean exit. Fails loudly, with the server's output, on anything else.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "packages/server-adapters/dist/cli.js");
const deadlineMs = 90_000;

const dataDir = await mkdtemp(join(tmpdir(), "quarry-smoke-"));
let output = "";
const server = spawn(process.execPath, [cli, "serve", "--sample", "--port", "0", "--data", dataDir], {
  cwd: root,
  env: { ...process.env, OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", QUARRY_MODEL: "" },
  stdio: ["ignore", "pipe", "pipe"],
});
server.stdout.on("data", (chunk) => {
  output += chunk;
});
server.stderr.on("data", (chunk) => {
  output += chunk;
});
const exited = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));

function fail(message) {
  process.stderr.write(`smoke-serve: ${message}\n--- server output ---\n${output}\n`);
  server.kill("SIGKILL");
  process.exit(1);
}

async function baseUrl() {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    const match = /(http:\/\/[\d.:[\]a-z]+)\/api/i.exec(output);
    if (match) return match[1];
    if (server.exitCode !== null) fail(`the server exited with code ${server.exitCode} before listening`);
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`no address printed within ${deadlineMs / 1000} s`);
}

async function expectOk(url, what) {
  const response = await fetch(url).catch((error) => fail(`${what}: ${error.message}`));
  if (!response.ok) fail(`${what}: HTTP ${response.status}`);
  return response;
}

try {
  const base = await baseUrl();
  const started = Date.now();
  let healthy = false;
  while (!healthy && Date.now() - started < deadlineMs) {
    healthy = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (!healthy) await new Promise((r) => setTimeout(r, 200));
  }
  if (!healthy) fail("/api/health never answered 200");
  const { items } = await (await expectOk(`${base}/api/sessions`, "GET /api/sessions")).json();
  const sample = items.find((s) => s.title === "Sample: Seattle weather");
  if (sample?.datasetIds.length !== 1 || sample?.documentIds.length !== 1) {
    fail(`no sample session with a table and a document: ${JSON.stringify(items)}`);
  }
  const documents = await (
    await expectOk(`${base}/api/sessions/${sample.id}/documents`, "GET documents")
  ).json();
  if (!documents.ready) fail(`the sample document is not ready: ${JSON.stringify(documents)}`);
  const page = await (await expectOk(`${base}/`, "GET /")).text();
  if (!/<div id="root">/.test(page)) fail("GET / is not the chat page");
  const script = /<script[^>]+src="([^"]+)"/.exec(page)?.[1];
  if (!script) fail("the chat page loads no script");
  const js = await expectOk(new URL(script, `${base}/`).href, `GET ${script}`);
  if (!(js.headers.get("content-type") ?? "").includes("javascript")) fail(`${script} is not JavaScript`);
  server.kill("SIGTERM");
  const { code, signal } = await exited;
  if (code !== 0) fail(`the server stopped with code ${code} (signal ${signal}) after SIGTERM`);
  process.stdout.write(
    `smoke-serve: ${base} healthy, sample session ready, page and script served, clean stop\n`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
