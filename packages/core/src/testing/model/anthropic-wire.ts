import type { WireError } from "./openai-wire.js";
import {
  argumentsObject,
  argumentsText,
  finishOf,
  type MockFinishReason,
  type MockReply,
  pieces,
  usageOf,
} from "./script.js";
import type { SseEvent } from "./sse.js";

type Json = Record<string, unknown>;

const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};
const defaultMessages: Record<number, string> = {
  400: "Invalid request.",
  403: "Your API key does not have permission to use the specified resource.",
  404: "The requested resource could not be found.",
  429: "Number of request tokens has exceeded your per-minute rate limit.",
  500: "Internal server error",
  529: "Overloaded",
};

/** Anthropic's error body: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicError(status: number, message?: string) {
  const type = errorTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  return {
    type: "error",
    error: { type, message: message ?? defaultMessages[status] ?? `Error ${status}.` },
    request_id: "req_mock",
  };
}

/** Anthropic's 401 for a missing or wrong key. */
export function anthropicAuthError(key: string | undefined): WireError {
  return {
    status: 401,
    body: anthropicError(401, key ? "invalid x-api-key" : "x-api-key header is required"),
  };
}

const bad = (message: string): WireError => ({ status: 400, body: anthropicError(400, message) });

/**
 * Checks a Messages API request the way Anthropic does, with Anthropic's messages: the version header,
 * `max_tokens`, roles that alternate starting with the user, non-blank text, object tool inputs, and every
 * `tool_use` answered by a `tool_result` in the very next turn (and no result without its call).
 */
export function validateAnthropicRequest(
  body: unknown,
  headers: Record<string, string>,
): WireError | undefined {
  if (!headers["anthropic-version"]) return bad("anthropic-version: header is required");
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return bad("body: Input should be an object");
  const request = body as Json;
  if (typeof request.model !== "string") return bad("model: Field required");
  if (typeof request.max_tokens !== "number") return bad("max_tokens: Field required");
  if (!Array.isArray(request.messages)) return bad("messages: Field required");
  if (request.system !== undefined && typeof request.system !== "string" && !Array.isArray(request.system)) {
    return bad("system: Input should be a valid string");
  }
  if (request.tool_choice !== undefined && !(Array.isArray(request.tools) && request.tools.length)) {
    return bad("tool_choice: tool_choice may only be specified while providing tools");
  }
  for (const [k, tool] of ((request.tools as unknown[] | undefined) ?? []).entries()) {
    const { name, input_schema: schema } = (tool ?? {}) as Json;
    if (typeof name !== "string" || !/^[a-zA-Z0-9_-]{1,128}$/.test(name)) {
      return bad(`tools.${k}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    if ((schema as Json | undefined)?.type !== "object")
      return bad(`tools.${k}.custom.input_schema.type: Field required`);
  }
  return validateTurns(request.messages);
}

function validateTurns(messages: unknown[]): WireError | undefined {
  let pending: { index: number; ids: Set<string> } | undefined;
  for (const [i, value] of messages.entries()) {
    const { role, content } = (value ?? {}) as Json;
    if (role !== "user" && role !== "assistant") {
      if (role === "system") {
        return bad(
          'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
        );
      }
      return bad(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    if (i === 0 && role !== "user") return bad('messages: first message must use the "user" role');
    const previous = (messages[i - 1] as Json | undefined)?.role;
    if (previous === role) {
      return bad(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`,
      );
    }
    const blocks: Json[] =
      typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
    if (blocks.length === 0 && !(role === "assistant" && i === messages.length - 1)) {
      return bad(
        `messages.${i}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    const answered = new Set<string>();
    for (const [j, block] of blocks.entries()) {
      const problem = checkBlock(block, `messages.${i}.content.${j}`, role, pending?.ids, answered);
      if (problem) return problem;
    }
    const missing = [...(pending?.ids ?? [])].filter((id) => !answered.has(id));
    if (pending && missing.length) return unanswered(pending.index, missing);
    pending = undefined;
    if (role === "assistant") {
      const ids = blocks.filter((block) => block.type === "tool_use").map((block) => String(block.id));
      if (ids.length) pending = { index: i, ids: new Set(ids) };
    }
  }
  return pending ? unanswered(pending.index, [...pending.ids]) : undefined;
}

function checkBlock(
  block: Json,
  at: string,
  role: string,
  expected: Set<string> | undefined,
  answered: Set<string>,
): WireError | undefined {
  switch (block?.type) {
    case "text":
      if (typeof block.text !== "string" || !block.text.trim()) {
        return bad(`${at}.text: text content blocks must contain non-whitespace text`);
      }
      return undefined;
    case "tool_use": {
      if (role !== "assistant") return bad(`${at}: tool_use blocks may only appear in assistant messages`);
      const input = block.input;
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return bad(`${at}.tool_use.input: Input should be a valid dictionary`);
      }
      return typeof block.id === "string" && typeof block.name === "string"
        ? undefined
        : bad(`${at}.tool_use.id: Field required`);
    }
    case "tool_result": {
      const id = String(block.tool_use_id);
      if (role !== "user" || !expected?.has(id)) {
        return bad(
          `${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
      answered.add(id);
      return undefined;
    }
    default:
      return undefined;
  }
}

function unanswered(index: number, ids: string[]): WireError {
  return bad(
    `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${ids.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
  );
}

const wireFinish: Record<MockFinishReason, string> = {
  stop: "end_turn",
  "tool-calls": "tool_use",
  length: "max_tokens",
  "content-filter": "refusal",
};

const toolId = (reply: MockReply, call: number, i: number) =>
  reply.toolCalls?.[i]?.id ?? `toolu_mock${call}x${i}`;

/** The events Anthropic streams for a reply, `ping` included, each as an `event:`/`data:` pair. */
export function anthropicStream(reply: MockReply, body: Json, call: number): SseEvent[] {
  const usage = usageOf(reply, body);
  const event = (type: string, data: Json): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, ...data }),
  });
  const size = reply.chunkSize ?? 6;
  const events: SseEvent[] = [
    event("message_start", {
      message: {
        ...messageShell(body, call),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    }),
  ];
  const blocks: { start: Json; deltas: Json[] }[] = [];
  if (reply.text) {
    const deltas = pieces(reply.text, size).map((text) => ({ type: "text_delta", text }));
    blocks.push({ start: { type: "text", text: "" }, deltas });
  }
  for (const [i, tool] of (reply.toolCalls ?? []).entries()) {
    // The API opens every tool block with an empty JSON delta.
    const json = ["", ...pieces(argumentsText(tool), size)].map((partial_json) => ({
      type: "input_json_delta",
      partial_json,
    }));
    blocks.push({
      start: { type: "tool_use", id: toolId(reply, call, i), name: tool.name, input: {} },
      deltas: json,
    });
  }
  if (blocks.length === 0) events.push(event("ping", {}));
  for (const [index, block] of blocks.entries()) {
    events.push(event("content_block_start", { index, content_block: block.start }));
    if (index === 0) events.push(event("ping", {}));
    for (const delta of block.deltas) events.push(event("content_block_delta", { index, delta }));
    events.push(event("content_block_stop", { index }));
  }
  events.push(
    event("message_delta", {
      delta: { stop_reason: wireFinish[finishOf(reply)], stop_sequence: null },
      usage: { output_tokens: usage.outputTokens },
    }),
    event("message_stop", {}),
  );
  return events;
}

/** Anthropic's in-stream error event (the API is overloaded), sent after the response has started. */
export function anthropicStreamError(): SseEvent {
  return {
    event: "error",
    data: JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
  };
}

/** The non-streaming `message` object for a reply. */
export function anthropicMessage(reply: MockReply, body: Json, call: number): Json {
  const usage = usageOf(reply, body);
  const content: Json[] = reply.text ? [{ type: "text", text: reply.text }] : [];
  for (const [i, tool] of (reply.toolCalls ?? []).entries()) {
    content.push({
      type: "tool_use",
      id: toolId(reply, call, i),
      name: tool.name,
      input: argumentsObject(tool),
    });
  }
  return {
    ...messageShell(body, call),
    content,
    stop_reason: wireFinish[finishOf(reply)],
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

function messageShell(body: Json, call: number): Json {
  return { id: `msg_mock${call}`, type: "message", role: "assistant", model: body.model };
}
