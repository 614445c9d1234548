import type {
  MessageCreateParamsStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
  ToolChoice,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { ModelCallOptions, ModelMessage, ModelTool } from "./language-model.js";

type Block = TextBlockParam | ToolUseBlockParam | ToolResultBlockParam;

/** The port's conversation in the Messages API's shape: a top-level `system` and alternating turns. */
export interface AnthropicConversation {
  system: string | undefined;
  messages: MessageParam[];
}

/** Builds the Messages API streaming request for one call. */
export function anthropicRequest(
  model: string,
  options: ModelCallOptions,
  defaultMaxTokens: number,
): MessageCreateParamsStreaming {
  const { system, messages } = anthropicConversation(options.messages);
  const tools = options.tools?.length ? options.tools.map(anthropicTool) : undefined;
  return {
    model,
    // Required by the API: it has no default output cap.
    max_tokens: options.maxOutputTokens ?? defaultMaxTokens,
    messages,
    stream: true,
    ...(system ? { system } : {}),
    ...(tools ? { tools } : {}),
    ...(tools && options.toolChoice ? { tool_choice: anthropicToolChoice(options.toolChoice) } : {}),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
  };
}

/**
 * Maps the port's messages: system messages join into `system`; tool results become `tool_result` blocks in
 * a user turn (first in it, as the API requires); assistant tool calls become `tool_use` blocks; consecutive
 * messages of one role merge into one turn, so parallel tool results share the turn after their calls.
 * Empty text is left out, as the API rejects empty text blocks.
 */
export function anthropicConversation(messages: readonly ModelMessage[]): AnthropicConversation {
  const system: string[] = [];
  const turns: { role: "user" | "assistant"; content: Block[] }[] = [];
  for (const message of messages) {
    if (message.role === "system") {
      if (message.content.trim()) system.push(message.content);
      continue;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = blocksOf(message);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  for (const turn of turns) {
    if (turn.role === "user") turn.content.sort((a, b) => rank(a) - rank(b));
  }
  return { system: system.length ? system.join("\n\n") : undefined, messages: turns };
}

function blocksOf(message: Exclude<ModelMessage, { role: "system" }>): Block[] {
  switch (message.role) {
    case "user":
      return textBlocks(message.content);
    case "assistant":
      return [
        ...textBlocks(message.content),
        ...(message.toolCalls ?? []).map(
          (call): ToolUseBlockParam => ({
            type: "tool_use",
            id: call.id,
            name: call.name,
            input: inputObject(call.input),
          }),
        ),
      ];
    case "tool":
      return [
        {
          type: "tool_result",
          tool_use_id: message.toolCallId,
          content: message.content,
          ...(message.isError ? { is_error: true } : {}),
        },
      ];
  }
}

function textBlocks(text: string): TextBlockParam[] {
  return text.trim() ? [{ type: "text", text }] : [];
}

/** Sort key that moves tool results to the front of a user turn, keeping the order otherwise. */
function rank(block: Block): number {
  return block.type === "tool_result" ? 0 : 1;
}

/**
 * A tool call's raw JSON as the object the API wants back. Malformed arguments (the model's own mistake,
 * which the tool result explains) go back as `{}`: the API accepts nothing but an object there.
 */
function inputObject(input: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(input);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // falls through to {}
  }
  return {};
}

function anthropicTool(tool: ModelTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    // The API accepts only object schemas and insists on saying so.
    input_schema: { type: "object", ...tool.inputSchema } as Tool.InputSchema,
  };
}

function anthropicToolChoice(choice: NonNullable<ModelCallOptions["toolChoice"]>): ToolChoice {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.name };
}
