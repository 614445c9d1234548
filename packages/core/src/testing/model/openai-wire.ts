import { argumentsText, finishOf, type MockFinishReason, type MockReply, pieces, usageOf } from "./script.js";
import type { SseEvent } from "./sse.js";

/** An answer the mock gives on its own (not from the script): a status and the provider's error body. */
export interface WireError {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

const errorTypes: Record<number, string> = { 429: "requests", 500: "server_error", 503: "server_error" };
const defaultMessages: Record<number, string> = {
  400: "Invalid request.",
  404: "The model does not exist or you do not have access to it.",
  429: "Rate limit reached for requests. Please try again later.",
  500: "The server had an error while processing your request. Sorry about that!",
  503: "The engine is currently overloaded, please try again later.",
};

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openaiError(
  status: number,
  message?: string,
  param: string | null = null,
  code: string | null = null,
) {
  const type = errorTypes[status] ?? (status >= 500 ? "server_error" : "invalid_request_error");
  return { error: { message: message ?? defaultMessages[status] ?? `Error ${status}.`, type, param, code } };
}

/** OpenAI's 401 for a missing or wrong key; like OpenAI it shows a masked key, never the key. */
export function openaiAuthError(key: string | undefined): WireError {
  if (!key) {
    const message =
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    return { status: 401, body: openaiError(401, message) };
  }
  const masked =
    key.length > 8
      ? `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`
      : "*".repeat(key.length);
  const message = `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return { status: 401, body: openaiError(401, message, null, "invalid_api_key") };
}

const bad = (message: string, param: string | null = null): WireError => ({
  status: 400,
  body: openaiError(400, message, param),
});

/**
 * Checks a Chat Completions body the way OpenAI does, with OpenAI's messages, so an adapter that builds a
 * request the real API would refuse fails against the mock too.
 */
export function validateOpenAIRequest(body: unknown): WireError | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return bad("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
  }
  const request = body as Json;
  if (typeof request.model !== "string" || !request.model) return bad("you must provide a model parameter");
  if (!Array.isArray(request.messages)) return bad("Missing required parameter: 'messages'.", "messages");
  if (request.messages.length === 0) return bad("[] is too short - 'messages'", "messages");
  if (request.stream_options !== undefined && request.stream !== true) {
    return bad("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  if (request.tool_choice !== undefined && !(Array.isArray(request.tools) && request.tools.length)) {
    return bad(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      "tool_choice",
    );
  }
  for (const [i, tool] of ((request.tools as unknown[] | undefined) ?? []).entries()) {
    const fn = (tool as Json | null)?.function as Json | undefined;
    if ((tool as Json | null)?.type !== "function" || typeof fn?.name !== "string") {
      return bad(`Missing required parameter: 'tools[${i}].function'.`, `tools[${i}].function`);
    }
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name)) {
      const message = `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`;
      return bad(message, `tools[${i}].function.name`);
    }
  }
  return validateMessages(request.messages);
}

function validateMessages(messages: unknown[]): WireError | undefined {
  // Tool calls of the latest assistant message still waiting for their tool messages.
  let open: { index: number; ids: Set<string> } | undefined;
  for (const [i, value] of messages.entries()) {
    const message = value as Json | null;
    const role = message?.role;
    if (open && open.ids.size > 0 && role !== "tool") return unanswered(open.index, open.ids);
    if (role === "tool") {
      if (typeof message?.tool_call_id !== "string") {
        return bad(
          `Missing required parameter: 'messages[${i}].tool_call_id'.`,
          `messages[${i}].tool_call_id`,
        );
      }
      if (!open?.ids.delete(message.tool_call_id)) {
        const text =
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
        return bad(text, `messages.[${i}].role`);
      }
      continue;
    }
    open = undefined;
    if (!["system", "developer", "user", "assistant"].includes(role as string)) {
      const text = `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'tool', 'function', and 'developer'.`;
      return bad(text, `messages[${i}].role`);
    }
    const toolCalls = message?.tool_calls;
    const content = message?.content;
    const nullable = role === "assistant" && Array.isArray(toolCalls) && toolCalls.length > 0;
    if (!(typeof content === "string" || Array.isArray(content) || (nullable && content == null))) {
      const text = `Invalid type for 'messages[${i}].content': expected one of a string or array of objects, but got ${content === null ? "null" : typeof content} instead.`;
      return bad(text, `messages[${i}].content`);
    }
    if (role !== "assistant" || !Array.isArray(toolCalls)) continue;
    open = { index: i, ids: new Set() };
    for (const [j, call] of toolCalls.entries()) {
      const fn = (call as Json | null)?.function as Json | undefined;
      if (typeof (call as Json | null)?.id !== "string" || typeof fn?.name !== "string") {
        return bad(
          `Missing required parameter: 'messages[${i}].tool_calls[${j}].id'.`,
          `messages[${i}].tool_calls[${j}]`,
        );
      }
      if (typeof fn.arguments !== "string") {
        const text = `Invalid type for 'messages[${i}].tool_calls[${j}].function.arguments': expected a string, but got ${typeof fn.arguments} instead.`;
        return bad(text, `messages[${i}].tool_calls[${j}].function.arguments`);
      }
      open.ids.add((call as Json).id as string);
    }
  }
  return open && open.ids.size > 0 ? unanswered(open.index, open.ids) : undefined;
}

function unanswered(index: number, ids: Set<string>): WireError {
  const text = `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(", ")}`;
  return bad(text, `messages.[${index}].role`);
}

const wireFinish: Record<MockFinishReason, string> = {
  stop: "stop",
  "tool-calls": "tool_calls",
  length: "length",
  "content-filter": "content_filter",
};

/** The tool call ids of a reply: scripted ones, else `call_…` ids unique to the call. */
export function openaiToolCallIds(reply: MockReply, call: number): string[] {
  return (reply.toolCalls ?? []).map((tool, i) => tool.id ?? `call_mock${call}x${i}`);
}

/** The stream OpenAI sends for a reply: role, content and tool-call deltas, finish, usage, `[DONE]`. */
export function openaiStream(reply: MockReply, body: Json, call: number): SseEvent[] {
  const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
  const envelope = { id: `chatcmpl-mock${call}`, object: "chat.completion.chunk", created: 1_767_225_600 };
  const meta = { ...envelope, model: body.model, system_fingerprint: "fp_mock" };
  const chunk = (delta: Json, finish: string | null = null): SseEvent => ({
    data: JSON.stringify({
      ...meta,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    }),
  });
  const size = reply.chunkSize ?? 6;
  const events: SseEvent[] = [];
  const text = reply.text ?? "";
  const ids = openaiToolCallIds(reply, call);
  if (text || !reply.toolCalls?.length) {
    events.push(chunk({ role: "assistant", content: "", refusal: null }));
    for (const piece of pieces(text, size)) events.push(chunk({ content: piece }));
  }
  for (const [index, tool] of (reply.toolCalls ?? []).entries()) {
    const head = { index, id: ids[index], type: "function", function: { name: tool.name, arguments: "" } };
    const role = events.length === 0 ? { role: "assistant", content: null } : {};
    events.push(chunk({ ...role, tool_calls: [head] }));
    for (const piece of pieces(argumentsText(tool), size)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  }
  events.push(chunk({}, wireFinish[finishOf(reply)]));
  if (includeUsage) {
    const usage = usageOf(reply, body);
    const counts = {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    };
    events.push({ data: JSON.stringify({ ...meta, choices: [], usage: counts }) });
  }
  events.push({ data: "[DONE]" });
  return events;
}

/** OpenAI's in-stream error event, sent after the response has started. */
export function openaiStreamError(): SseEvent {
  return { data: JSON.stringify(openaiError(500)) };
}

/** The non-streaming `chat.completion` object for a reply. */
export function openaiCompletion(reply: MockReply, body: Json, call: number): Json {
  const usage = usageOf(reply, body);
  const ids = openaiToolCallIds(reply, call);
  const toolCalls = (reply.toolCalls ?? []).map((tool, i) => ({
    id: ids[i],
    type: "function",
    function: { name: tool.name, arguments: argumentsText(tool) },
  }));
  const message = {
    role: "assistant",
    content: reply.text ?? (toolCalls.length ? null : ""),
    refusal: null,
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
  };
  return {
    id: `chatcmpl-mock${call}`,
    object: "chat.completion",
    created: 1_767_225_600,
    model: body.model,
    system_fingerprint: "fp_mock",
    choices: [{ index: 0, message, logprobs: null, finish_reason: wireFinish[finishOf(reply)] }],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
}
