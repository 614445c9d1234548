import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOfflineModel } from "@quarry/core/offline";
import { createMockLlmServer, type MockLlmServer } from "@quarry/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { serveCommand, startServe } from "./serve-command.js";

let dir: string;
let llm: MockLlmServer;
const savedEnv = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-serve-"));
  llm = await createMockLlmServer();
  process.env.OPENAI_API_KEY = llm.apiKey;
  process.env.OPENAI_BASE_URL = llm.url;
});

afterAll(async () => {
  await llm.close();
  await rm(dir, { recursive: true, force: true });
  for (const [name, value] of [
    ["OPENAI_API_KEY", savedEnv.key],
    ["OPENAI_BASE_URL", savedEnv.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/**
 * Starts `quarry serve` on a free port; resolves once it listens (as its plain line or its `--json` line
 * says), with a way to stop it without signals.
 */
async function startServer(...args: string[]) {
  const stop = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const exit = serveCommand(
    ["--port", "0", "--data", join(dir, "data"), "--model", "openai:gpt-test", ...args],
    {
      stdout: (line) => {
        out.push(line);
        const match = /^Quarry listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (match) listening(match[1]!);
        else if (line.startsWith("{")) listening(JSON.parse(line).url);
      },
      stderr: (line) => err.push(line),
    },
    stop.signal,
  );
  const base = await Promise.race([url, exit.then((code) => Promise.reject(new Error(`exited ${code}`)))]);
  return {
    base,
    out,
    err,
    call: (path: string, key?: string) =>
      fetch(`${base}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {}),
    async stop() {
      stop.abort();
      return exit;
    },
  };
}

const aliceKey = "alice-key-0123456789abcdef";
const localKey = "local-key-0123456789abcdef";

describe("quarry serve", () => {
  it("serves the API under /api as the local user without keys, a page at /, and stops on request", async () => {
    const server = await startServer();
    expect(server.err.join("\n")).toContain("no auth");
    const home = await server.call("/");
    expect(home.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await home.text()).toContain('href="/api/openapi.json"');
    expect(await (await server.call("/api/health")).json()).toEqual({ ok: true });
    const created = await fetch(`${server.base}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Kept across restarts" }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ ownerId: "local", tenantId: "local" });
    expect((await server.call("/api/nope")).status).toBe(404);
    expect(await server.stop()).toBe(0);
    await expect(fetch(`${server.base}/api/health`)).rejects.toThrow();
  });

  it("requires a bearer key from --api-keys, each acting as its principal, over the same data", async () => {
    const keys = join(dir, "keys.json");
    await writeFile(
      keys,
      JSON.stringify({
        [aliceKey]: { userId: "alice", tenantId: "acme" },
        [localKey]: { userId: "local", tenantId: "local" },
      }),
    );
    const server = await startServer("--api-keys", keys);
    expect((await server.call("/api/health")).status).toBe(200);
    const anonymous = await server.call("/api/sessions");
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("UNAUTHORIZED");
    expect((await server.call("/api/sessions", "not-a-key")).status).toBe(401);
    const alice = await (await server.call("/api/sessions", aliceKey)).json();
    expect(alice.items).toEqual([]);
    const local = await (await server.call("/api/sessions", localKey)).json();
    expect(local.items.map((s: { title: string }) => s.title)).toEqual(["Kept across restarts"]);
    expect(await server.stop()).toBe(0);
  });

  it("prints one JSON line once it listens with --json, and a port in use as a JSON CONFLICT, exit code 2", async () => {
    const server = await startServer("--json");
    expect(server.out).toHaveLength(1);
    const ready = JSON.parse(server.out[0]!);
    expect(ready).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      api: `${ready.url}/api`,
      model: "openai:gpt-test",
    });
    expect(await (await fetch(`${ready.api}/health`)).json()).toEqual({ ok: true });

    const busy: string[] = [];
    const code = await runCli(
      ["serve", "--port", new URL(ready.url).port, "--data", join(dir, "busy-data"), "--json"],
      { stdout: (text) => busy.push(text), stderr: () => {} },
    );
    expect(code).toBe(2);
    expect(busy).toHaveLength(1);
    expect(JSON.parse(busy[0]!).error).toEqual({
      code: "CONFLICT",
      message: `Port ${new URL(ready.url).port} on 127.0.0.1 is in use: pick another with --port.`,
    });

    expect(await server.stop()).toBe(0);
    expect(server.out).toHaveLength(1);
  });

  it("refuses a missing, malformed or ill-shaped --api-keys file with exit code 2", async () => {
    const bad = join(dir, "bad.json");
    const run = async (content: string | null) => {
      if (content !== null) await writeFile(bad, content);
      const err: string[] = [];
      const code = await runCli(
        [
          "serve",
          "--port",
          "0",
          "--data",
          join(dir, "unused"),
          "--api-keys",
          content === null ? join(dir, "missing.json") : bad,
        ],
        { stdout: () => {}, stderr: (line) => err.push(line) },
      );
      return { code, err: err.join("\n") };
    };
    expect(await run(null)).toMatchObject({ code: 2, err: expect.stringContaining("no such file") });
    expect(await run("{not json")).toMatchObject({ code: 2, err: expect.stringContaining("not valid JSON") });
    const shape = await run(JSON.stringify({ [aliceKey]: { userId: "alice" } }));
    expect(shape.code).toBe(2);
    expect(shape.err).toMatch(/must map keys to principals[\s\S]*tenantId/);
    expect((await run(JSON.stringify({ short: { userId: "a", tenantId: "b" } }))).err).toContain(
      "at least 16 characters",
    );
    expect((await run("{}")).err).toContain("names no key");
  });

  it("serves the built chat page at / under a strict CSP, its hashed assets cached for good", async () => {
    const widget = join(dir, "widget");
    const script = `console.log(${JSON.stringify("x".repeat(2000))});`;
    await mkdir(join(widget, "assets"), { recursive: true });
    await writeFile(
      join(widget, "index.html"),
      '<!doctype html><script type="module" src="assets/main-AB12.js"></script>',
    );
    await writeFile(join(widget, "manifest.json"), JSON.stringify({ styleHashes: ["sha256-c3R5bGU="] }));
    await writeFile(join(widget, "assets", "main-AB12.js"), script);
    const server = await startServe({
      port: 0,
      dataDir: join(dir, "page-data"),
      model: createOfflineModel(),
      widgetDir: widget,
    });
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      const csp = page.headers.get("content-security-policy")!;
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self' 'sha256-c3R5bGU=';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe/);
      expect(await page.text()).toContain("assets/main-AB12.js");
      const again = await fetch(`${server.url}/`, {
        headers: { "if-none-match": page.headers.get("etag")! },
      });
      expect(again.status).toBe(304);

      // Node's fetch asks for gzip and unpacks it.
      const asset = await fetch(`${server.url}/assets/main-AB12.js`);
      expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("content-encoding")).toBe("gzip");
      expect(await asset.text()).toBe(script);
      for (const path of ["/manifest.json", "/assets/nope.js", "/assets/..%2Fmanifest.json"]) {
        expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
      }
    } finally {
      await server.close();
    }

    // Without a built page (a checkout before `npm run build`), a note about the API instead.
    const bare = await startServe({
      port: 0,
      dataDir: join(dir, "page-data"),
      model: createOfflineModel(),
      widgetDir: join(dir, "no-widget"),
    });
    try {
      const note = await (await fetch(`${bare.url}/`)).text();
      expect(note).toContain("npm run build");
      expect(note).toContain('href="/api/openapi.json"');
    } finally {
      await bare.close();
    }
  });
});
