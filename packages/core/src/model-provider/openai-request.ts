import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import type { ModelCallOptions, ModelMessage, ModelTool } from "./language-model.js";

/** Which body field carries the output token cap: OpenAI's current one or the older one most compatible servers read. */
export type MaxTokensField = "max_completion_tokens" | "max_tokens";

/** Builds the Chat Completions streaming request for one call. */
export function openaiRequest(
  model: string,
  options: ModelCallOptions,
  maxTokensField: MaxTokensField,
): ChatCompletionCreateParamsStreaming {
  const tools = options.tools?.length ? options.tools.map(openaiTool) : undefined;
  return {
    model,
    messages: options.messages.map(openaiMessage),
    stream: true,
    // Usage arrives in a last chunk only when asked for.
    stream_options: { include_usage: true },
    ...(tools ? { tools } : {}),
    // `tool_choice` without `tools` is a 400 on OpenAI.
    ...(tools && options.toolChoice ? { tool_choice: openaiToolChoice(options.toolChoice) } : {}),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxOutputTokens === undefined ? {} : { [maxTokensField]: options.maxOutputTokens }),
  };
}

/** One port message in the Chat Completions format. */
export function openaiMessage(message: ModelMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case "system":
    case "user":
      return { role: message.role, content: message.content };
    case "assistant":
      if (!message.toolCalls?.length) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        // OpenAI wants `null`, not "", beside tool calls.
        content: message.content || null,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.input },
        })),
      };
    case "tool":
      // Chat Completions has no error flag on a tool result, so the text says it.
      return {
        role: "tool",
        tool_call_id: message.toolCallId,
        content:
          message.isError && !/^error\b/i.test(message.content)
            ? `Error: ${message.content}`
            : message.content,
      };
  }
}

function openaiTool(tool: ModelTool): ChatCompletionTool {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}

function openaiToolChoice(
  choice: NonNullable<ModelCallOptions["toolChoice"]>,
): ChatCompletionToolChoiceOption {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}
