import type { FinishReason, ModelStreamPart, ModelToolCall, ModelUsage } from "./language-model.js";
import type { ModelErrorPart } from "./model-errors.js";

/** A whole model response, gathered from its stream by {@link collectStream}. */
export interface CollectedStream {
  /** The text deltas joined. */
  text: string;
  /** The complete tool calls, in the order they completed; `input` is the raw JSON text. */
  toolCalls: ModelToolCall[];
  /** Why the response ended; `undefined` when it ended with an error. */
  finishReason: FinishReason | undefined;
  /** Token counts; `undefined` when it ended with an error. */
  usage: ModelUsage | undefined;
  /** The error part's details, when the response ended with one. */
  error: ModelErrorPart["error"] | undefined;
  /** Every part, in order, for assertions. */
  parts: ModelStreamPart[];
}

/**
 * Reads a model stream to its end and gathers it into one value, for callers that need the whole response
 * (a title, a classification) and for tests. Never throws for a failed call: look at `error`.
 *
 * @example
 * ```ts
 * const { text, error } = await collectStream(model.doStream({ messages }));
 * if (error) console.warn(error.code, error.message);
 * ```
 */
export async function collectStream(stream: AsyncIterable<ModelStreamPart>): Promise<CollectedStream> {
  const result: CollectedStream = {
    text: "",
    toolCalls: [],
    finishReason: undefined,
    usage: undefined,
    error: undefined,
    parts: [],
  };
  for await (const part of stream) {
    result.parts.push(part);
    switch (part.type) {
      case "text-delta":
        result.text += part.delta;
        break;
      case "tool-call":
        result.toolCalls.push({ id: part.id, name: part.name, input: part.input });
        break;
      case "finish":
        result.finishReason = part.finishReason;
        result.usage = part.usage;
        break;
      case "error":
        result.error = part.error;
        break;
    }
  }
  return result;
}
