import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMockLlmServer, type MockLlmServer } from "@quarry/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { serveCommand } from "./serve-command.js";

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

/** Starts `quarry serve` on a free port; resolves once it listens, with a way to stop it without signals. */
async function startServer(...args: string[]) {
  const stop = new AbortController();
  const err: string[] = [];
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const exit = serveCommand(
    ["--port", "0", "--data", join(dir, "data"), "--model", "openai:gpt-test", ...args],
    {
      stdout: (line) => {
        const match = /^Quarry listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (match) listening(match[1]!);
      },
      stderr: (line) => err.push(line),
    },
    stop.signal,
  );
  const base = await Promise.race([url, exit.then((code) => Promise.reject(new Error(`exited ${code}`)))]);
  return {
    base,
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
});
