import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { FinishReason, ModelStreamPart, ModelUsage } from "./language-model.js";
import { modelErrorPart } from "./model-errors.js";
import type { StreamTranslator } from "./model-stream.js";

interface PendingCall {
  id: string;
  name: string;
  input: string;
}

/**
 * Translates Chat Completions chunks. Tool-call deltas are keyed by `index` (only the first delta of a call
 * carries its `id` and name); complete calls are emitted when the finish reason arrives, as no chunk marks
 * the end of one call's arguments and some servers interleave parallel calls.
 */
export function openaiTranslator(provider: string): StreamTranslator<ChatCompletionChunk> {
  const calls = new Map<number, PendingCall>();
  let lastIndex = 0;
  let finishReason: FinishReason | undefined;
  let usage: ModelUsage | undefined;
  let emittedCalls = 0;

  const callAt = (delta: ChatCompletionChunk.Choice.Delta.ToolCall): PendingCall => {
    // Some compatible servers leave out `index`; a new id then means a new call.
    let index = delta.index ?? lastIndex;
    if (delta.index === undefined && delta.id && calls.has(index) && calls.get(index)?.id !== delta.id) {
      index = Math.max(-1, ...calls.keys()) + 1;
    }
    lastIndex = index;
    let call = calls.get(index);
    if (!call) {
      call = { id: "", name: "", input: "" };
      calls.set(index, call);
    }
    if (delta.id && !call.id) call.id = delta.id;
    if (delta.function?.name && !call.name) call.name = delta.function.name;
    if (!call.id) call.id = `call_${index}`;
    return call;
  };

  const flushCalls = (): ModelStreamPart[] => {
    const parts: ModelStreamPart[] = [...calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ type: "tool-call", id: call.id, name: call.name, input: call.input }));
    emittedCalls += parts.length;
    calls.clear();
    return parts;
  };

  return {
    get complete() {
      return finishReason !== undefined;
    },
    push(chunk) {
      const parts: ModelStreamPart[] = [];
      if (chunk.usage) {
        usage = {
          inputTokens: chunk.usage.prompt_tokens ?? 0,
          outputTokens: chunk.usage.completion_tokens ?? 0,
        };
      }
      const choice = chunk.choices?.find((c) => c.index === 0) ?? chunk.choices?.[0];
      if (!choice) return parts;
      const text = choice.delta?.content ?? choice.delta?.refusal;
      if (text) parts.push({ type: "text-delta", delta: text });
      for (const delta of choice.delta?.tool_calls ?? []) {
        const call = callAt(delta);
        const piece = delta.function?.arguments ?? "";
        if (piece) {
          call.input += piece;
          parts.push({ type: "tool-call-delta", id: call.id, name: call.name, delta: piece });
        }
      }
      if (choice.finish_reason) {
        finishReason = finishReasonOf(choice.finish_reason);
        parts.push(...flushCalls());
      }
      return parts;
    },
    end() {
      if (finishReason === undefined) {
        return modelErrorPart(
          "LLM_UNAVAILABLE",
          `The ${provider} stream ended before the response was complete.`,
        );
      }
      // Some compatible servers (Gemini's among them) say "stop" after tool calls.
      const reason = finishReason === "stop" && emittedCalls > 0 ? "tool-calls" : finishReason;
      return { type: "finish", finishReason: reason, usage: usage ?? { inputTokens: 0, outputTokens: 0 } };
    },
  };
}

function finishReasonOf(reason: string): FinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}
