import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createQuarry, type LanguageModel, type Principal, type Quarry, type Store } from "@quarry/core";
import { createAnthropicModel } from "@quarry/core/anthropic";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createOpenAIModel } from "@quarry/core/openai";
import { createMockLlmServer, type MockLlmServer } from "@quarry/core/testing";
import express from "express";
import { Hono } from "hono";
import { quarryRouter } from "../express.js";
import { quarryRoutes } from "../hono.js";
import type { QuarryHandlerOptions } from "./handler-options.js";
import { createQuarryHandler } from "./quarry-app.js";

/** Two users of one tenant and one of another, each with a bearer token named after them. */
export const principals = {
  alice: { userId: "alice", tenantId: "acme" },
  bob: { userId: "bob", tenantId: "acme" },
  eve: { userId: "eve", tenantId: "evil" },
} satisfies Record<string, Principal>;

export type TestUser = keyof typeof principals;

/** A running API over real HTTP on an ephemeral loopback port, with a mock LLM behind a real SDK. */
export interface TestApi {
  url: string;
  quarry: Quarry;
  store: Store;
  llm: MockLlmServer;
  /** `fetch` to the API as a user (`Authorization: Bearer <user>`), or anonymously with `null`. */
  call(user: TestUser | null, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** How a test serves the API: {@link mountFetchHandler}, {@link mountHono} or {@link mountExpress}. */
export type Mount = (
  quarry: Quarry,
  options: QuarryHandlerOptions,
) => Promise<{ url: string; close(): Promise<void> }>;

/** Every way of serving the API, by name: suites that must hold for each run once per entry. */
export const everyMount = (): [string, Mount][] => [
  ["fetch handler", mountFetchHandler],
  ["Hono mount", mountHono],
  ["Express router", mountExpress],
];

/** Serves the web-standard handler with `@hono/node-server`. */
export const mountFetchHandler: Mount = async (quarry, options) => {
  const server = serve({ fetch: createQuarryHandler(quarry, options), port: 0, hostname: "127.0.0.1" });
  return listening(server as unknown as Server, options.basePath ?? "");
};

/**
 * Mounts `quarryRoutes` at `basePath` (default `/api`) in a host Hono app that has routes, an error
 * handler and a 404 of its own, served with `@hono/node-server`.
 */
export const mountHono: Mount = async (quarry, { basePath = "/api", ...options }) => {
  const app = new Hono();
  app.onError(() => new Response("host error", { status: 500 }));
  app.notFound(() => new Response("host 404", { status: 404 }));
  app.get("/", (c) => c.text("host home"));
  app.route(basePath, quarryRoutes(quarry, options));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  return listening(server as unknown as Server, basePath);
};

/** Mounts `quarryRouter` at `basePath` (default `/api`) in a host Express 5 app with a route of its own. */
export const mountExpress: Mount = async (quarry, { basePath = "/api", ...options }) => {
  const app = express();
  app.get("/", (_req, res) => void res.send("host home"));
  app.use(basePath, quarryRouter(quarry, options));
  const server = app.listen(0, "127.0.0.1");
  return listening(server, basePath);
};

/** Waits for a server to listen on loopback; `close()` also cuts open connections (SSE would hold it). */
export async function listening(
  server: Server,
  basePath: string,
): Promise<{ url: string; close(): Promise<void> }> {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Models of the mock LLM server by the ids a test gives them: an OpenAI one and an Anthropic one. */
export type TestModels = Record<string, { wire: "openai" | "anthropic"; model: string }>;

/**
 * Starts the API for a test; `close()` stops everything it started. The default model is the mock LLM's
 * through the OpenAI SDK; `model` replaces it (the offline planner, say).
 */
export async function startTestApi(
  options: {
    mount?: Mount;
    handler?: Partial<QuarryHandlerOptions>;
    models?: TestModels;
    model?: LanguageModel;
  } = {},
): Promise<TestApi> {
  const llm = await createMockLlmServer();
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const modelOf = ({ wire, model }: TestModels[string]): LanguageModel =>
    wire === "openai"
      ? createOpenAIModel({ model, baseURL: llm.url, apiKey: llm.apiKey, maxRetries: 0 })
      : createAnthropicModel({ model, baseURL: llm.anthropicUrl, apiKey: llm.apiKey, maxRetries: 0 });
  const quarry = createQuarry({
    store,
    blobs,
    model: options.model ?? modelOf({ wire: "openai", model: "gpt-test" }),
    ...(options.models
      ? { models: Object.fromEntries(Object.entries(options.models).map(([id, m]) => [id, modelOf(m)])) }
      : {}),
    engine: createDuckDbEngineProvider({ blobs }),
  });
  const mount = options.mount ?? mountFetchHandler;
  const served = await mount(quarry, {
    basePath: "/api",
    auth: (request) => {
      const token = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
      return token && token in principals ? principals[token as TestUser] : null;
    },
    ...options.handler,
  });
  return {
    url: served.url,
    quarry,
    store,
    llm,
    call(user, path, init = {}) {
      const headers = new Headers(init.headers);
      if (user) headers.set("authorization", `Bearer ${user}`);
      return fetch(`${served.url}${path}`, { ...init, headers });
    },
    async close() {
      await served.close();
      await quarry.close();
      await store.close();
      await llm.close();
    },
  };
}

/** A JSON request body. */
export function json(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: "POST",
    ...init,
    headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
    body: JSON.stringify(body),
  };
}

/** Reads an SSE response to its end as parsed events. */
export async function readSse(response: Response): Promise<{ type: string; [key: string]: unknown }[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((frame) => frame.split("\n").find((line) => line.startsWith("data: ")))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice(6)));
}
