/** Which API a request to the mock server spoke. */
export type MockWire = "openai" | "anthropic";

/** Why a scripted reply ends, in the port's words; each wire format gets its own spelling. */
export type MockFinishReason = "stop" | "tool-calls" | "length" | "content-filter";

/** A tool call the scripted model makes. */
export interface MockToolCall {
  name: string;
  /** An object is sent as its JSON; a string is sent as it is, so it may be malformed on purpose. */
  arguments: Record<string, unknown> | string;
  /** Defaults to a fresh id in the provider's style (`call_…`, `toolu_…`). */
  id?: string;
}

/** A successful scripted reply. Every field is optional: `{}` is an empty answer. */
export interface MockReply {
  text?: string;
  toolCalls?: readonly MockToolCall[];
  /** Default: `tool-calls` when there are tool calls, else `stop`. */
  finishReason?: MockFinishReason;
  /** Default: rough counts from the request's and the reply's lengths. */
  usage?: { inputTokens: number; outputTokens: number };
  /** Characters per text or argument delta. Default 6, so every reply arrives in several pieces. */
  chunkSize?: number;
  /** Milliseconds between two stream events. Default 0. */
  delayMs?: number;
  /** Destroys the socket after this many stream events, mid-answer, as a broken connection does. */
  dropAfterChunks?: number;
  /** Sends the provider's in-stream error event (server error / overloaded) after this many stream events. */
  streamErrorAfterChunks?: number;
}

/** A scripted HTTP error, answered with the provider's error body. */
export interface MockErrorReply {
  status: number;
  /** Seconds, sent as `Retry-After` (fractions allowed, as both SDKs read them). */
  retryAfter?: number;
  /** The error's message inside the provider's error body. */
  message?: string;
  /** A whole body instead of the provider's shape. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Never answers: for timeout and abort tests. */
export interface MockHang {
  hang: true;
}

/** What the mock answers to one model call. */
export type MockResponse = MockReply | MockErrorReply | MockHang;

/** A request the mock server received, as recorded in `server.requests`. */
export interface MockLlmRequest {
  wire: MockWire;
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body (`undefined` when it was not JSON). */
  body: unknown;
  /**
   * The request's position among the scripted calls (0, 1, …), or `undefined` when the mock answered it
   * itself: a wrong key (401), an invalid body (400), an unknown path (404).
   */
  call: number | undefined;
  /** Set once the connection closed before the response was complete: the client gave up (an abort, a timeout, a consumer that stopped reading) or a scripted drop. */
  cancelled: boolean;
}

/**
 * What the mock answers: one response for every call, an array of per-call responses (call `n` gets
 * `script[n]`), or a function of the request.
 */
export type MockScript =
  | MockResponse
  | readonly MockResponse[]
  | ((request: MockLlmRequest) => MockResponse | Promise<MockResponse>);

/** True for a scripted HTTP error. */
export function isErrorReply(response: MockResponse): response is MockErrorReply {
  return "status" in response && typeof response.status === "number";
}

/** True for a scripted hang. */
export function isHang(response: MockResponse): response is MockHang {
  return "hang" in response && response.hang === true;
}

/** The response the script gives for a request. */
export async function scriptedResponse(script: MockScript, request: MockLlmRequest): Promise<MockResponse> {
  if (typeof script === "function") return script(request);
  if (!Array.isArray(script)) return script as MockResponse;
  const response = (script as readonly MockResponse[])[request.call ?? 0];
  if (response) return response;
  return {
    status: 500,
    message: `Mock LLM server: the script has ${script.length} responses, but this is call #${(request.call ?? 0) + 1}.`,
    // Both SDKs obey this header, so a test with too short a script fails at once instead of retrying.
    headers: { "x-should-retry": "false" },
  };
}

/** A tool call's arguments as the JSON text sent over the wire. */
export function argumentsText(call: MockToolCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}

/** The arguments as an object, for wire formats that carry objects (`{}` when they are not one). */
export function argumentsObject(call: MockToolCall): Record<string, unknown> {
  if (typeof call.arguments !== "string") return call.arguments;
  try {
    const value: unknown = JSON.parse(call.arguments);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Splits text into pieces of `size` characters (code points, so no surrogate pair is cut). */
export function pieces(text: string, size = 6): string[] {
  const chars = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const result: string[] = [];
  for (let i = 0; i < chars.length; i += step) result.push(chars.slice(i, i + step).join(""));
  return result;
}

/** The finish reason a reply ends with. */
export function finishOf(reply: MockReply): MockFinishReason {
  return reply.finishReason ?? (reply.toolCalls?.length ? "tool-calls" : "stop");
}

/** Token counts: the scripted ones, or about four characters a token. */
export function usageOf(
  reply: MockReply,
  requestBody: unknown,
): { inputTokens: number; outputTokens: number } {
  if (reply.usage) return reply.usage;
  const output = (reply.text ?? "") + (reply.toolCalls ?? []).map(argumentsText).join("");
  const messages = (requestBody as { messages?: unknown } | undefined)?.messages;
  return {
    inputTokens: Math.max(1, Math.ceil(JSON.stringify(messages ?? "").length / 4)),
    outputTokens: Math.max(1, Math.ceil(output.length / 4)),
  };
}
