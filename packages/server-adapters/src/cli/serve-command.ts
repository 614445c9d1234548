import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import {
  type ChatEvent,
  createQuarry,
  type LanguageModel,
  type Principal,
  type Quarry,
  QuarryError,
} from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { createFsBlobStore } from "@quarry/core/fs";
import { createPGliteStore, createPostgresRetriever } from "@quarry/core/pglite";
import { Hono } from "hono";
import { quarryRoutes } from "../hono.js";
import { loadApiKeys } from "./api-keys.js";
import { createModel, modelKeysFromEnv, parseModelSpec } from "./model-spec.js";
import type { CliIO } from "./run-cli.js";
import { seedSampleSession } from "./sample-session.js";
import { usageError } from "./usage-error.js";
import { defaultWidgetDirs, loadWidgetPage } from "./widget-page.js";

/** The one user of a server started without `--api-keys`. */
export const localPrincipal: Principal = { userId: "local", tenantId: "local" };

/** Options of {@link startServe}. */
export interface ServeOptions {
  /** Port to listen on; 0 picks a free one. Default 3000. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** Folder of the database (`DIR/db`) and the blobs (`DIR/blobs`). Default `./.quarry`. */
  dataDir?: string;
  /**
   * Gives the local user a sample session (the Seattle weather table and a PDF about it) when they have no
   * session yet. Only without `apiKeys`.
   */
  sample?: boolean;
  model: LanguageModel;
  /** Bearer keys and their principals; without them every request is {@link localPrincipal}. */
  apiKeys?: Record<string, Principal>;
  /** How long open requests (streamed answers included) may run on after shutdown starts, in ms. Default 5,000. */
  graceMs?: number;
  /**
   * Folder of the built chat page served at `/` (what `scripts/build-widget-page.mjs` writes). Default the
   * package's `dist/widget`; without a built page, `/` shows a short note about the API instead.
   */
  widgetDir?: string;
}

/** A running `quarry serve`. */
export interface QuarryServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000`; the API is under `/api`. */
  readonly url: string;
  readonly port: number;
  /** Stops taking requests, lets open ones finish within the grace time, then closes the pipeline and the store. */
  close(): Promise<void>;
}

/**
 * Starts the Quarry API on Node with the embedded defaults: a PGlite store in `DIR/db`, blobs in
 * `DIR/blobs`, DuckDB over each session's datasets. The API is under `/api`, the chat page (`<QuarryChat/>`
 * over that API) at `/`.
 */
export async function startServe(options: ServeOptions): Promise<QuarryServer> {
  const dataDir = resolve(options.dataDir ?? ".quarry");
  const host = options.host ?? "127.0.0.1";
  const graceMs = options.graceMs ?? 5_000;
  await mkdir(dataDir, { recursive: true });
  const store = await createPGliteStore({ dataDir: join(dataDir, "db") });
  const blobs = createFsBlobStore({ root: join(dataDir, "blobs") });
  const embedder = process.env.OPENAI_API_KEY?.trim()
    ? (await import("@quarry/core/openai")).createOpenAIEmbedder()
    : undefined;
  const turns = trackTurns(
    createQuarry({
      store,
      blobs,
      model: options.model,
      engine: createDuckDbEngineProvider({ blobs }),
      // Passages are ranked in the database the records live in: BM25 in SQL, pgvector when it has it.
      documents: {
        retriever: createPostgresRetriever({ db: store.pglite, ...(embedder ? { embedder } : {}) }),
        ...(embedder ? { embedder } : {}),
      },
    }),
  );
  const closeData = async () => {
    await turns.quarry.close();
    await store.close();
    await blobs.close?.();
  };

  if (options.sample && !options.apiKeys) {
    try {
      await seedSampleSession(turns.quarry, localPrincipal);
    } catch (error) {
      await closeData();
      throw error;
    }
  }

  const page = await loadWidgetPage(options.widgetDir ? [options.widgetDir] : defaultWidgetDirs());
  const app = new Hono();
  if (page) {
    const send = async (path: string, request: Request) =>
      (await page.respond(path, request)) ?? new Response("Not found", { status: 404 });
    app.get("/", (c) => send("index.html", c.req.raw));
    app.get("/index.html", (c) => send("index.html", c.req.raw));
    app.get("/assets/:file", (c) => send(`assets/${c.req.param("file")}`, c.req.raw));
  } else {
    app.get("/", (c) => c.html(homePage));
  }
  app.route("/api", quarryRoutes(turns.quarry, { auth: authOf(options.apiKeys) }));
  let server: Server;
  try {
    server = await listen(app.fetch, options.port ?? 3000, host);
  } catch (error) {
    await closeData();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        // Cutting a streamed answer aborts its turn, which is then stored as stopped.
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(cut);
        await turns.idle(10_000);
        await closeData();
      })();
      return closing;
    },
  };
}

/** Who a request is: the principal of its bearer key, or the local user when the server has no keys. */
function authOf(apiKeys: Record<string, Principal> | undefined): (request: Request) => Principal | null {
  if (!apiKeys) return () => localPrincipal;
  // Looked up by digest, so how long a lookup takes says nothing about how much of a key was right.
  const digest = (key: string) => createHash("sha256").update(key).digest("hex");
  const byDigest = new Map(Object.entries(apiKeys).map(([key, principal]) => [digest(key), principal]));
  return (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
    return match ? (byDigest.get(digest(match[1]!)) ?? null) : null;
  };
}

/** The pipeline, counting turns until each is stored, so shutdown closes the store only after them. */
function trackTurns(quarry: Quarry): { quarry: Quarry; idle(timeoutMs: number): Promise<void> } {
  let active = 0;
  const wake: (() => void)[] = [];
  async function* tracked(events: AsyncIterable<ChatEvent>): AsyncGenerator<ChatEvent> {
    active += 1;
    try {
      yield* events;
    } finally {
      active -= 1;
      if (active === 0) for (const done of wake.splice(0)) done();
    }
  }
  return {
    quarry: {
      ...quarry,
      chat: (...args) => tracked(quarry.chat(...args)),
      editMessage: (...args) => tracked(quarry.editMessage(...args)),
    },
    idle: (timeoutMs) =>
      active === 0
        ? Promise.resolve()
        : new Promise<void>((done) => {
            const timer = setTimeout(done, timeoutMs);
            wake.push(() => {
              clearTimeout(timer);
              done();
            });
          }),
  };
}

async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  host: string,
): Promise<Server> {
  const server = serve({ fetch, port, hostname: host }) as unknown as Server;
  await new Promise<void>((done, fail) => {
    server.once("listening", done);
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new QuarryError("CONFLICT", `Port ${port} on ${host} is in use: pick another with --port.`)
          : error.code === "EACCES" || error.code === "EADDRNOTAVAIL"
            ? new QuarryError("INVALID_INPUT", `Cannot listen on ${host}:${port} (${error.code}).`)
            : error,
      ),
    );
  });
  return server;
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw usageError(`--port ${value} is not a port (0–65535).`);
  return port;
}

/** What `quarry serve --json` prints once it listens: one line, for scripts that start a server. */
export interface ServeJson {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The HTTP API's base URL: `url` + `/api`. */
  api: string;
  /** The model answering, as `provider:model`. */
  model: string;
}

/**
 * `quarry serve [--port 3000] [--host 127.0.0.1] [--data DIR] [--model M] [--api-keys FILE] [--sample]
 * [--json]`: serves the HTTP API under `/api` until SIGINT or SIGTERM (or `stop`), then shuts down gracefully
 * and exits 0. Prints `Quarry listening on http://HOST:PORT` once it listens, or with `--json` one line of
 * {@link ServeJson}. `--sample` gives a new local user a sample session to ask about. A port in use is a
 * `CONFLICT`, so exit code 2.
 */
export async function serveCommand(args: readonly string[], io: CliIO, stop?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      model: { type: "string" },
      "api-keys": { type: "string" },
      sample: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  if (positionals.length > 0) throw usageError(`quarry serve takes no arguments; got ${positionals[0]}.`);
  const port = portOf(values.port);
  const apiKeys = values["api-keys"] === undefined ? undefined : await loadApiKeys(values["api-keys"]);
  if (apiKeys && values.sample)
    throw usageError("--sample is for the local user: it cannot go with --api-keys.");
  const model = await createModel(parseModelSpec(values.model, process.env.QUARRY_MODEL, modelKeysFromEnv()));
  const server = await startServe({
    port,
    model,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(apiKeys ? { apiKeys } : {}),
    ...(values.sample ? { sample: true } : {}),
  });
  const modelName = `${model.provider}:${model.modelId}`;
  if (values.json) {
    const ready: ServeJson = { url: server.url, api: `${server.url}/api`, model: modelName };
    io.stdout(JSON.stringify(ready));
  } else {
    io.stdout(`Quarry listening on ${server.url}`);
  }
  io.stderr(
    apiKeys
      ? `API at ${server.url}/api for ${Object.keys(apiKeys).length} API key(s); model ${modelName}.`
      : `API at ${server.url}/api with no auth: every request acts as the local user (give --api-keys FILE to require keys); model ${modelName}.`,
  );
  await new Promise<void>((done) => {
    const finish = () => {
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      stop?.removeEventListener("abort", finish);
      done();
    };
    process.once("SIGINT", finish);
    process.once("SIGTERM", finish);
    stop?.addEventListener("abort", finish, { once: true });
    if (stop?.aborted) finish();
  });
  io.stderr("Shutting down…");
  await server.close();
  return 0;
}

const homePage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Quarry</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}</style>
</head>
<body>
<h1>Quarry is running</h1>
<p>The chat page is not built: run <code>npm run build</code> and restart. Meanwhile, talk to the HTTP API under <code>/api</code>.</p>
<p>Its description: <a href="/api/openapi.json">/api/openapi.json</a>. Health: <a href="/api/health">/api/health</a>.</p>
</body>
</html>
`;
