import { expect } from "vitest";
import { type CollectedStream, collectStream } from "../../model-provider/collect-stream.js";
import type { LanguageModel, ModelStreamPart, ModelTool } from "../../model-provider/language-model.js";
import type { MockLlmServer } from "./mock-llm-server.js";
import type { MockLlmRequest, MockScript } from "./script.js";

/** What `createModel` gets: point the adapter at `server` with these settings. */
export interface ModelConformanceContext {
  /** The mock server of this test; use `server.url` (OpenAI wire) or `server.anthropicUrl` (Anthropic wire). */
  server: MockLlmServer;
  /** The key to send (a wrong one in the 401 test). */
  apiKey: string;
  /** The adapter's timeout; short in the timeout tests. */
  timeoutMs: number;
  /** The adapter's retry count; tests expect exactly this many retries. */
  maxRetries: number;
}

/** How the model conformance suite gets a model to test. */
export interface ModelConformanceOptions {
  /** Shown in the suite's name, e.g. "openai". */
  name: string;
  /** Makes the model under test, talking to the test's mock server with the given settings. Called per test. */
  createModel: (context: ModelConformanceContext) => LanguageModel;
  /** Test names (as printed) to skip, for adapters that knowingly lack a feature. */
  skip?: readonly string[];
}

/** What every test body gets. */
export interface ModelTestKit {
  /** Starts a mock server with `script` and makes the model for it (closed after the test). */
  setup(
    script: MockScript,
    settings?: Partial<Omit<ModelConformanceContext, "server">>,
  ): Promise<{ server: MockLlmServer; model: LanguageModel }>;
}

/** Registers one test. */
export type DefineModelTest = (name: string, body: (kit: ModelTestKit) => Promise<void>) => void;

/** The tool of the suite's conversations. */
export const runSqlTool: ModelTool = {
  name: "run_sql",
  description: "Runs one read-only SQL query and returns its rows.",
  inputSchema: {
    type: "object",
    properties: { sql: { type: "string" } },
    required: ["sql"],
    additionalProperties: false,
  },
};

/** A second tool, for parallel calls. */
export const describeTableTool: ModelTool = {
  name: "describe_table",
  description: "Describes a table's columns.",
  inputSchema: { type: "object", properties: { table: { type: "string" } }, required: ["table"] },
};

/**
 * Reads a stream to its end and checks the port's promise on the way: exactly one `finish` or `error` part,
 * and it is the last one.
 */
export async function collectChecked(stream: AsyncIterable<ModelStreamPart>): Promise<CollectedStream> {
  const result = await collectStream(stream);
  const terminal = result.parts.filter((part) => part.type === "finish" || part.type === "error");
  expect(terminal, "exactly one finish or error part").toHaveLength(1);
  expect(result.parts.at(-1)).toBe(terminal[0]);
  return result;
}

/** Asserts the stream ended with an error part of that code, and returns the error. */
export function expectErrorCode(
  result: CollectedStream,
  code: string,
): NonNullable<CollectedStream["error"]> {
  expect(result.error, `an error part (parts: ${JSON.stringify(result.parts).slice(0, 300)})`).toBeDefined();
  expect(result.error?.code).toBe(code);
  return result.error!;
}

/** A tool call as the provider received it, whichever wire format carried it. */
export interface SentToolCall {
  id: string;
  name: string;
  /** The arguments, parsed. */
  input: unknown;
}

/** A tool result as the provider received it. */
export interface SentToolResult {
  id: string;
  content: string;
  isError: boolean;
}

type Json = Record<string, unknown>;

/** The tool calls of the assistant turns a request carried, in OpenAI's or Anthropic's format. */
export function sentToolCalls(request: MockLlmRequest): SentToolCall[] {
  const messages = ((request.body as Json).messages ?? []) as Json[];
  const calls: SentToolCall[] = [];
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    if (request.wire === "openai") {
      for (const call of (message.tool_calls ?? []) as Json[]) {
        const fn = call.function as Json;
        calls.push({ id: String(call.id), name: String(fn.name), input: JSON.parse(String(fn.arguments)) });
      }
    } else {
      for (const block of blocksOf(message)) {
        if (block.type === "tool_use")
          calls.push({ id: String(block.id), name: String(block.name), input: block.input });
      }
    }
  }
  return calls;
}

/** The tool results a request carried: `tool` messages (OpenAI) or `tool_result` blocks in user turns (Anthropic). */
export function sentToolResults(request: MockLlmRequest): SentToolResult[] {
  const messages = ((request.body as Json).messages ?? []) as Json[];
  const results: SentToolResult[] = [];
  for (const message of messages) {
    if (request.wire === "openai" && message.role === "tool") {
      const content = String(message.content);
      results.push({ id: String(message.tool_call_id), content, isError: /^error\b/i.test(content) });
    }
    if (request.wire === "anthropic" && message.role === "user") {
      for (const block of blocksOf(message)) {
        if (block.type !== "tool_result") continue;
        const content =
          typeof block.content === "string"
            ? block.content
            : ((block.content ?? []) as Json[]).map((part) => String(part.text ?? "")).join("");
        results.push({ id: String(block.tool_use_id), content, isError: block.is_error === true });
      }
    }
  }
  return results;
}

function blocksOf(message: Json): Json[] {
  return Array.isArray(message.content) ? (message.content as Json[]) : [];
}

/** Waits until `check` holds (polling), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
