import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createDuckDbEngine } from "../engine/duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../engine/duckdb/fixture-parquet.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Principal } from "../model/principal.js";
import { createAnthropicModel } from "../model-provider/anthropic-model.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import { createOpenAIModel } from "../model-provider/openai-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import type { FixtureTable } from "../testing/engine/fixture-tables.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import type { MockWire } from "../testing/model/script.js";
import { createQuarry } from "./create-quarry.js";
import { sharedEngine } from "./engine-provider.js";
import type { Quarry, QuarryOptions } from "./quarry-types.js";

/** Monthly sales of two regions: small enough to check every number by hand. */
export const salesFixture: FixtureTable = {
  name: "sales",
  columns: [
    { name: "region", type: "text" },
    { name: "month", type: "date" },
    { name: "amount", type: "double" },
  ],
  rows: [
    ["North", "2024-01-01", 100],
    ["North", "2024-02-01", 200],
    ["South", "2024-01-01", 50],
    ["South", "2024-02-01", 100],
  ],
};

export async function salesEngine(): Promise<SqlEngine> {
  return createDuckDbEngine({ tables: await fixtureParquetBytes([salesFixture]) });
}

/** The real SDK adapter for a wire format, pointed at the mock server, without retry waits. */
export function modelFor(wire: MockWire, server: MockLlmServer, maxRetries = 0): LanguageModel {
  return wire === "openai"
    ? createOpenAIModel({
        model: "gpt-test",
        baseURL: server.url,
        apiKey: server.apiKey,
        maxRetries,
        timeoutMs: 10_000,
      })
    : createAnthropicModel({
        model: "claude-test",
        baseURL: server.anthropicUrl,
        apiKey: server.apiKey,
        maxRetries,
        timeoutMs: 10_000,
      });
}

export async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function doneOf(events: readonly ChatEvent[]) {
  const done = events.at(-1);
  if (done?.type !== "done") throw new Error(`The turn did not end with done: ${JSON.stringify(done)}`);
  return done.message;
}

/** A DuckDB engine over {@link salesFixture} and a mock LLM server, opened once per test file. */
export function useSalesBench(): { readonly engine: SqlEngine; readonly server: MockLlmServer } {
  let engine: SqlEngine | undefined;
  let server: MockLlmServer | undefined;
  beforeAll(async () => {
    engine = await salesEngine();
    server = await createMockLlmServer();
  });
  afterAll(async () => {
    await engine?.close();
    await server?.close();
  });
  return {
    get engine() {
      if (!engine) throw new Error("useSalesBench: used outside a test");
      return engine;
    },
    get server() {
      if (!server) throw new Error("useSalesBench: used outside a test");
      return server;
    },
  };
}

/** The user of the turn tests. */
export const turnUser: Principal = { userId: "alice", tenantId: "acme" };

/** What every turn test works with; `quarry` may be replaced by a test (closed after it all the same). */
export interface TurnTest {
  store: Store;
  quarry: Quarry;
  sessionId: string;
  /** A pipeline over this test's store and the bench's engine, for {@link turnUser}, with these options. */
  make(options?: Partial<QuarryOptions>): Quarry;
}

/**
 * Gives every test a fresh memory store, a pipeline made by `model` over the bench's engine and a session of
 * {@link turnUser}, and closes them after it.
 */
export function useTurnTest(
  bench: ReturnType<typeof useSalesBench>,
  model: (maxRetries: number) => LanguageModel,
): TurnTest & { make(options?: Partial<QuarryOptions>, maxRetries?: number): Quarry } {
  let store: Store | undefined;
  const test = {
    quarry: undefined as unknown as Quarry,
    sessionId: "",
    get store(): Store {
      if (!store) throw new Error("useTurnTest: used outside a test");
      return store;
    },
    make(options: Partial<QuarryOptions> = {}, maxRetries = 0): Quarry {
      return createQuarry({
        store: test.store,
        blobs: createMemoryBlobStore(),
        model: model(maxRetries),
        engine: sharedEngine(bench.engine),
        principal: turnUser,
        ...options,
      });
    },
  };
  beforeEach(async () => {
    store = createMemoryStore();
    test.quarry = test.make();
    test.sessionId = (await store.sessions.create(turnUser)).id;
  });
  afterEach(async () => {
    await test.quarry.close();
    await store?.close();
  });
  return test;
}
