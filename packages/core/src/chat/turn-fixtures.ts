import { afterAll, beforeAll } from "vitest";
import { createDuckDbEngine } from "../engine/duckdb/duckdb-engine.js";
import { fixtureParquetBytes } from "../engine/duckdb/fixture-parquet.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import type { ChatEvent } from "../model/chat-event.js";
import { createAnthropicModel } from "../model-provider/anthropic-model.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import { createOpenAIModel } from "../model-provider/openai-model.js";
import type { FixtureTable } from "../testing/engine/fixture-tables.js";
import { createMockLlmServer, type MockLlmServer } from "../testing/model/mock-llm-server.js";
import type { MockWire } from "../testing/model/script.js";

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
