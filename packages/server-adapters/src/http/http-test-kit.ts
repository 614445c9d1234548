import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createQuarry, type Principal, type Quarry, type Store } from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createOpenAIModel } from "@quarry/core/openai";
import { createMockLlmServer, type MockLlmServer } from "@quarry/core/testing";
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

/** How a test mounts the API; the Hono and Express adapters add their own. */
export type Mount = (
  quarry: Quarry,
  options: QuarryHandlerOptions,
) => Promise<{ url: string; close(): Promise<void> }>;

/** Serves the web-standard handler with `@hono/node-server`. */
export const mountFetchHandler: Mount = async (quarry, options) => {
  const handler = createQuarryHandler(quarry, options);
  const server = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", resolve)));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.basePath ?? ""}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Open SSE responses would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

/** Starts the API for a test; `close()` stops everything it started. */
export async function startTestApi(
  options: { mount?: Mount; handler?: Partial<QuarryHandlerOptions> } = {},
): Promise<TestApi> {
  const llm = await createMockLlmServer();
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const quarry = createQuarry({
    store,
    blobs,
    model: createOpenAIModel({ model: "gpt-test", baseURL: llm.url, apiKey: llm.apiKey, maxRetries: 0 }),
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
