import type { ErrorCode } from "../errors/quarry-error.js";

/**
 * The port every language model implements, in the shape of the Vercel AI SDK's provider spec: one
 * streaming call with tools; text and tool calls arrive as typed parts; errors arrive as a part, not a throw.
 * The `do` prefix keeps apps calling the pipeline (`quarry.chat`) rather than adapters.
 *
 * Adapters: OpenAI-compatible (`@quarry/core/openai`), Anthropic (`@quarry/core/anthropic`), and the offline
 * planner. Each passes `runModelConformance` from `@quarry/core/testing`.
 */
export interface LanguageModel {
  /** e.g. `openai`, `anthropic`, `offline`. */
  readonly provider: string;
  /** e.g. `gpt-4.1-mini`. */
  readonly modelId: string;
  /**
   * Streams one model response. The iterable always ends with exactly one `finish` or `error` part. An
   * aborted signal ends it with an `error` part of code `ABORTED`.
   */
  doStream(options: ModelCallOptions): AsyncIterable<ModelStreamPart>;
}

/** A tool the model may call: its name, what it does, and its input as a JSON Schema object. */
export interface ModelTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** A tool call the model made; `input` is the raw JSON text of its arguments, parsed by the caller. */
export interface ModelToolCall {
  id: string;
  name: string;
  input: string;
}

/** The conversation sent to the model. */
export type ModelMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ModelToolCall[] }
  | { role: "tool"; toolCallId: string; toolName: string; content: string; isError?: boolean };

/** Options of one model call. */
export interface ModelCallOptions {
  messages: ModelMessage[];
  tools?: ModelTool[];
  /** `auto` by default; `none` forbids tool calls; `required` demands one; `{ name }` demands that tool. */
  toolChoice?: "auto" | "none" | "required" | { name: string };
  temperature?: number;
  maxOutputTokens?: number;
  /** Aborting stops the request (and the stream) at once. */
  signal?: AbortSignal;
}

/** Token counts of one call. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Why a response ended. */
export type FinishReason = "stop" | "tool-calls" | "length" | "content-filter" | "other";

/** One part of a streamed response. */
export type ModelStreamPart =
  | { type: "text-delta"; delta: string }
  /** A tool call's arguments as they stream; `id` links the deltas of one call (parallel calls interleave). */
  | { type: "tool-call-delta"; id: string; name: string; delta: string }
  /** A complete tool call, after its deltas. */
  | { type: "tool-call"; id: string; name: string; input: string }
  | { type: "finish"; finishReason: FinishReason; usage: ModelUsage }
  | {
      type: "error";
      error: {
        code: ErrorCode;
        message: string;
        retryable: boolean;
        status?: number;
        retryAfterSeconds?: number;
      };
    };
