import type { RawMessageStreamEvent, StopReason } from "@anthropic-ai/sdk/resources/messages";
import type { FinishReason, ModelStreamPart } from "./language-model.js";
import { modelErrorPart } from "./model-errors.js";
import type { StreamTranslator } from "./model-stream.js";

interface ToolBlock {
  id: string;
  name: string;
  input: string;
  /** The block's `input` at its start, used when no JSON deltas follow. */
  initial: unknown;
}

/**
 * Translates the Messages API's raw stream events. Content blocks arrive one after another, each framed by
 * `content_block_start` and `content_block_stop`, so a tool call is complete at its block's stop. Usage is
 * split: input tokens in `message_start`, cumulative output tokens in `message_delta`.
 */
export function anthropicTranslator(provider: string): StreamTranslator<RawMessageStreamEvent> {
  const tools = new Map<number, ToolBlock>();
  let inputTokens = 0;
  let outputTokens = 0;
  let finishReason: FinishReason | undefined;
  let stopped = false;

  return {
    get complete() {
      return finishReason !== undefined;
    },
    push(event) {
      switch (event.type) {
        case "message_start": {
          const usage = event.message.usage;
          // Cached input is billed separately but is input all the same.
          inputTokens =
            (usage.input_tokens ?? 0) +
            (usage.cache_creation_input_tokens ?? 0) +
            (usage.cache_read_input_tokens ?? 0);
          outputTokens = usage.output_tokens ?? 0;
          return [];
        }
        case "content_block_start": {
          const block = event.content_block;
          if (block.type === "tool_use") {
            tools.set(event.index, { id: block.id, name: block.name, input: "", initial: block.input });
          } else if (block.type === "text" && block.text) {
            return [{ type: "text-delta", delta: block.text }];
          }
          return [];
        }
        case "content_block_delta": {
          const delta = event.delta;
          if (delta.type === "text_delta" && delta.text) return [{ type: "text-delta", delta: delta.text }];
          const tool = tools.get(event.index);
          if (delta.type === "input_json_delta" && tool && delta.partial_json) {
            tool.input += delta.partial_json;
            return [{ type: "tool-call-delta", id: tool.id, name: tool.name, delta: delta.partial_json }];
          }
          return [];
        }
        case "content_block_stop": {
          const tool = tools.get(event.index);
          if (!tool) return [];
          tools.delete(event.index);
          const input = tool.input || JSON.stringify(tool.initial ?? {});
          return [{ type: "tool-call", id: tool.id, name: tool.name, input }];
        }
        case "message_delta": {
          if (event.delta.stop_reason) finishReason = finishReasonOf(event.delta.stop_reason);
          const usage = event.usage;
          if (typeof usage.output_tokens === "number") outputTokens = usage.output_tokens;
          if (typeof usage.input_tokens === "number") {
            inputTokens =
              usage.input_tokens +
              (usage.cache_creation_input_tokens ?? 0) +
              (usage.cache_read_input_tokens ?? 0);
          }
          return [];
        }
        case "message_stop":
          stopped = true;
          return [];
        default:
          return [];
      }
    },
    end(): ModelStreamPart {
      if (finishReason === undefined) {
        const what = stopped ? "without a stop reason" : "before the response was complete";
        return modelErrorPart("LLM_UNAVAILABLE", `The ${provider} stream ended ${what}.`);
      }
      return { type: "finish", finishReason, usage: { inputTokens, outputTokens } };
    },
  };
}

function finishReasonOf(reason: StopReason | string): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "tool_use":
      return "tool-calls";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "refusal":
      return "content-filter";
    default:
      return "other";
  }
}
