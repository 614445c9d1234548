import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createMockLlmServer, type MockLlmServer } from "./mock-llm-server.js";
import type { MockScript } from "./script.js";

let server: MockLlmServer;
afterEach(() => server?.close());

async function start(script?: MockScript): Promise<MockLlmServer> {
  server = await createMockLlmServer(script === undefined ? {} : { script });
  return server;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.anthropicUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.apiKey}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const anthropicHeaders = { "anthropic-version": "2023-06-01" };
const user = [{ role: "user", content: "Hi" }];

/** The `data:` payloads of an SSE body, and the `event:` names. */
function parseSse(text: string): { events: (string | undefined)[]; data: string[] } {
  const frames = text.split("\n\n").filter(Boolean);
  return {
    events: frames.map((frame) => /^event: (.+)$/m.exec(frame)?.[1]),
    data: frames.map((frame) => /^data: (.*)$/m.exec(frame)?.[1] ?? ""),
  };
}

describe("createMockLlmServer: OpenAI wire", () => {
  it("streams data-only chunks, a usage chunk when asked, and [DONE]", async () => {
    await start({ text: "Hello!", chunkSize: 3, usage: { inputTokens: 5, outputTokens: 2 } });
    const response = await post("/v1/chat/completions", {
      model: "gpt-test",
      messages: user,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const { events, data } = parseSse(await response.text());
    expect(events.every((event) => event === undefined)).toBe(true);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks[0].choices[0].delta).toMatchObject({ role: "assistant", content: "" });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Hello!");
    expect(chunks.at(-2).choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(
      chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "gpt-test"),
    ).toBe(true);
  });

  it("splits tool calls into a head (index, id, name) and argument deltas", async () => {
    await start({
      toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT 1" }, id: "call_fixed" }],
      chunkSize: 4,
    });
    const response = await post("/v1/chat/completions", { model: "m", messages: user, stream: true });
    const chunks = parseSse(await response.text())
      .data.slice(0, -1)
      .map((line) => JSON.parse(line));
    expect(chunks[0].choices[0].delta).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { index: 0, id: "call_fixed", type: "function", function: { name: "run_sql", arguments: "" } },
      ],
    });
    const args = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.tool_calls[0].function.arguments);
    expect(args.join("")).toBe('{"sql":"SELECT 1"}');
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it("answers without streaming, through the real SDK", async () => {
    await start({ text: "Plain", toolCalls: [{ name: "run_sql", arguments: "{bad" }] });
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.url });
    const completion = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(completion.choices[0]?.message).toMatchObject({
      content: "Plain",
      tool_calls: [{ type: "function", function: { name: "run_sql", arguments: "{bad" } }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("refuses a tool message that answers no tool call, and a tool call left unanswered", async () => {
    await start();
    const orphan = await post("/v1/chat/completions", {
      model: "m",
      messages: [...user, { role: "tool", tool_call_id: "call_x", content: "1" }],
    });
    expect(orphan.status).toBe(400);
    expect(((await orphan.json()) as { error: { message: string } }).error.message).toContain(
      "must be a response to a preceeding message with 'tool_calls'",
    );
    const call = { id: "call_1", type: "function", function: { name: "run_sql", arguments: "{}" } };
    const unanswered = await post("/v1/chat/completions", {
      model: "m",
      messages: [
        ...user,
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "user", content: "?" },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect(await unanswered.json()).toMatchObject({
      error: {
        type: "invalid_request_error",
        message: expect.stringContaining("did not have response messages: call_1"),
      },
    });
    const objectArgs = { ...call, function: { name: "run_sql", arguments: {} } };
    const wrongType = await post("/v1/chat/completions", {
      model: "m",
      messages: [...user, { role: "assistant", content: null, tool_calls: [objectArgs] }],
    });
    expect(wrongType.status).toBe(400);
    expect(server.requests.every((request) => request.call === undefined)).toBe(true);
  });

  it("refuses a wrong or missing key with OpenAI's 401", async () => {
    await start();
    const missing = await post("/v1/chat/completions", { model: "m", messages: user }, { authorization: "" });
    expect(missing.status).toBe(401);
    const wrong = await post(
      "/v1/chat/completions",
      { model: "m", messages: user },
      { authorization: "Bearer nope-nope-nope" },
    );
    expect(await wrong.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    const viaHeader = await post(
      "/v1/chat/completions",
      { model: "m", messages: user },
      { authorization: "", "x-api-key": server.apiKey },
    );
    expect(viaHeader.status).toBe(200);
  });
});

describe("createMockLlmServer: Anthropic wire", () => {
  it("streams named events exactly in the API's order, ping included", async () => {
    await start({
      text: "Hi there",
      chunkSize: 4,
      toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT 1" } }],
    });
    const response = await post(
      "/v1/messages",
      { model: "claude-test", max_tokens: 10, messages: user, stream: true },
      anthropicHeaders,
    );
    const { events, data } = parseSse(await response.text());
    expect(events).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      ...Array(6).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const parsed = data.map((line) => JSON.parse(line));
    expect(parsed.every((event, i) => event.type === events[i])).toBe(true);
    expect(parsed[6].content_block).toMatchObject({ type: "tool_use", name: "run_sql", input: {} });
    expect(parsed[7].delta).toEqual({ type: "input_json_delta", partial_json: "" });
    expect(parsed.at(-2)).toMatchObject({ delta: { stop_reason: "tool_use" } });
  });

  it("answers without streaming, through the real SDK", async () => {
    await start({ text: "Plain", usage: { inputTokens: 3, outputTokens: 4 } });
    const client = new Anthropic({ apiKey: server.apiKey, baseURL: server.anthropicUrl });
    const message = await client.messages.create({
      model: "claude-test",
      max_tokens: 10,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(message).toMatchObject({ content: [{ type: "text", text: "Plain" }], stop_reason: "end_turn" });
    expect(message.usage).toMatchObject({ input_tokens: 3, output_tokens: 4 });
  });

  it("refuses what the Messages API refuses", async () => {
    await start();
    const check = async (body: unknown, headers = anthropicHeaders) => {
      const response = await post("/v1/messages", body, headers);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { type: string; message: string } }).error;
    };
    expect(
      (await check({ model: "m", max_tokens: 1, messages: user }, {} as typeof anthropicHeaders)).message,
    ).toContain("anthropic-version");
    expect(await check({ model: "m", messages: user })).toEqual({
      type: "invalid_request_error",
      message: "max_tokens: Field required",
    });
    const base = { model: "m", max_tokens: 1 };
    expect(
      (await check({ ...base, messages: [{ role: "system", content: "x" }, ...user] })).message,
    ).toContain("top-level `system`");
    expect((await check({ ...base, messages: [...user, ...user] })).message).toContain(
      "roles must alternate",
    );
    expect(
      (await check({ ...base, messages: [{ role: "user", content: [{ type: "text", text: " " }] }] }))
        .message,
    ).toContain("non-whitespace");
    const toolUse = { type: "tool_use", id: "toolu_1", name: "run_sql", input: {} };
    const calls = [...user, { role: "assistant", content: [toolUse] }];
    expect(
      (await check({ ...base, messages: [...calls, { role: "user", content: "next" }] })).message,
    ).toContain("`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1");
    const stray = { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "1" }] };
    expect((await check({ ...base, messages: [...calls, stray] })).message).toContain(
      "unexpected `tool_use_id`",
    );
    const stringInput = [...user, { role: "assistant", content: [{ ...toolUse, input: "{}" }] }];
    expect((await check({ ...base, messages: stringInput })).message).toContain("valid dictionary");
  });

  it("refuses a wrong key with Anthropic's 401", async () => {
    await start();
    const response = await post(
      "/v1/messages",
      { model: "m", max_tokens: 1, messages: user },
      { ...anthropicHeaders, authorization: "", "x-api-key": "wrong" },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });
});
