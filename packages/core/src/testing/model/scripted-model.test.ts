import { describe, expect, it } from "vitest";
import { collectStream } from "../../model-provider/collect-stream.js";
import type { ModelCallOptions, ModelStreamPart } from "../../model-provider/language-model.js";
import { collectChecked, expectErrorCode, runSqlTool } from "./model-harness.js";
import { createScriptedModel, type ScriptedModelRequest } from "./scripted-model.js";

const ask = (content: string, extra: Partial<ModelCallOptions> = {}): ModelCallOptions => ({
  messages: [{ role: "user", content }],
  ...extra,
});

describe("createScriptedModel", () => {
  it("streams text in chunkSize pieces, then finish with the scripted usage", async () => {
    const model = createScriptedModel({
      script: { text: "Hello, world!", chunkSize: 5, usage: { inputTokens: 7, outputTokens: 3 } },
    });
    expect(model).toMatchObject({ provider: "scripted", modelId: "scripted-model" });
    const result = await collectChecked(model.doStream(ask("Hi")));
    expect(result.parts).toEqual([
      { type: "text-delta", delta: "Hello" },
      { type: "text-delta", delta: ", wor" },
      { type: "text-delta", delta: "ld!" },
      { type: "finish", finishReason: "stop", usage: { inputTokens: 7, outputTokens: 3 } },
    ]);
  });

  it("streams tool calls as deltas then complete calls, ending with tool-calls", async () => {
    const model = createScriptedModel({
      script: {
        text: "Let me look.",
        toolCalls: [
          { name: "run_sql", arguments: { sql: "SELECT 1" } },
          { name: "describe_table", arguments: '{"table":', id: "mine" },
        ],
      },
    });
    const result = await collectChecked(model.doStream(ask("Hi", { tools: [runSqlTool] })));
    expect(result.text).toBe("Let me look.");
    expect(result.toolCalls).toEqual([
      { id: "call_0_0", name: "run_sql", input: '{"sql":"SELECT 1"}' },
      { id: "mine", name: "describe_table", input: '{"table":' },
    ]);
    const deltas = result.parts.filter(
      (p): p is Extract<ModelStreamPart, { type: "tool-call-delta" }> =>
        p.type === "tool-call-delta" && p.id === "call_0_0",
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join("")).toBe('{"sql":"SELECT 1"}');
    // Each call's deltas come before its complete part.
    const kinds = result.parts.map((p) => (p.type === "tool-call-delta" ? `delta:${p.id}` : p.type));
    expect(kinds.lastIndexOf("delta:call_0_0")).toBeLessThan(kinds.indexOf("tool-call"));
    expect(result.finishReason).toBe("tool-calls");
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
  });

  it("gives call n script[n], records every call, and says when the script ran out", async () => {
    const model = createScriptedModel({
      script: [{ text: "one" }, { text: "two" }],
      provider: "test",
      modelId: "m1",
    });
    expect(model).toMatchObject({ provider: "test", modelId: "m1" });
    const messages: ModelCallOptions["messages"] = [{ role: "user", content: "first" }];
    expect((await collectChecked(model.doStream({ messages, temperature: 0 }))).text).toBe("one");
    messages.push({ role: "assistant", content: "one" });
    expect((await collectChecked(model.doStream({ messages }))).text).toBe("two");
    const beyond = await collectChecked(model.doStream(ask("third")));
    const error = expectErrorCode(beyond, "LLM_ERROR");
    expect(error.message).toMatch(/script ran out.*2 responses.*call #3/);
    expect(error.retryable).toBe(false);
    expect(model.calls).toHaveLength(3);
    expect(model.calls[0]).toMatchObject({ temperature: 0 });
    // The record keeps the messages as they were sent, not as the caller's array became.
    expect(model.calls[0]?.messages).toHaveLength(1);
    expect(model.calls[1]?.messages).toHaveLength(2);
  });

  it("asks a function script with the call's number and options", async () => {
    const seen: ScriptedModelRequest[] = [];
    const model = createScriptedModel({
      script: async (request) => {
        seen.push(request);
        const last = request.options.messages.at(-1);
        return { text: `#${request.call}: ${last?.content}` };
      },
    });
    expect((await collectStream(model.doStream(ask("a")))).text).toBe("#0: a");
    expect((await collectStream(model.doStream(ask("b", { toolChoice: "none" })))).text).toBe("#1: b");
    expect(seen.map((r) => r.call)).toEqual([0, 1]);
    expect(seen[1]?.options.toolChoice).toBe("none");
  });

  it("turns a throwing script function into an error part", async () => {
    const model = createScriptedModel({
      script: () => {
        throw new Error("boom");
      },
    });
    const error = expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_ERROR");
    expect(error.message).toContain("boom");
  });

  it("maps error replies to the codes the HTTP adapters give", async () => {
    const model = createScriptedModel({
      script: [
        { status: 429, retryAfter: 1.5, message: "slow down" },
        { status: 503 },
        { status: 500, message: "oops" },
        { status: 400, message: "bad tool schema" },
        { status: 401 },
      ],
    });
    const limited = expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_RATE_LIMITED");
    expect(limited).toMatchObject({ retryable: true, status: 429, retryAfterSeconds: 1.5 });
    expect(limited.message).toContain("slow down");
    const unavailable = expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_UNAVAILABLE");
    expect(unavailable).toMatchObject({ retryable: true, status: 503 });
    expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_UNAVAILABLE");
    const bad = expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_ERROR");
    expect(bad).toMatchObject({ retryable: false, status: 400 });
    expect(bad.message).toContain("bad tool schema");
    expectErrorCode(await collectChecked(model.doStream(ask("a"))), "LLM_ERROR");
  });

  it("ends a dropped or failing stream with LLM_UNAVAILABLE after the scripted parts", async () => {
    const model = createScriptedModel({
      script: [
        { text: "abcdefghij", chunkSize: 2, dropAfterChunks: 2 },
        { text: "abcdefghij", chunkSize: 2, streamErrorAfterChunks: 3 },
      ],
    });
    const dropped = await collectChecked(model.doStream(ask("a")));
    expect(dropped.text).toBe("abcd");
    expectErrorCode(dropped, "LLM_UNAVAILABLE");
    const failed = await collectChecked(model.doStream(ask("a")));
    expect(failed.text).toBe("abcdef");
    expectErrorCode(failed, "LLM_UNAVAILABLE");
  });

  it("ends with ABORTED when the signal aborts: before the call, mid-stream, and during a hang", async () => {
    const model = createScriptedModel({
      script: [{ text: "abc" }, { text: "abcdefghij", chunkSize: 1 }, { hang: true }],
    });
    const early = new AbortController();
    early.abort();
    expectErrorCode(await collectChecked(model.doStream(ask("a", { signal: early.signal }))), "ABORTED");

    const mid = new AbortController();
    const parts: ModelStreamPart[] = [];
    for await (const part of model.doStream(ask("a", { signal: mid.signal }))) {
      parts.push(part);
      if (parts.length === 3) mid.abort();
    }
    expect(parts).toHaveLength(4);
    expect(parts.at(-1)).toMatchObject({ type: "error", error: { code: "ABORTED" } });

    const hang = new AbortController();
    const pending = collectChecked(model.doStream(ask("a", { signal: hang.signal })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    hang.abort();
    expectErrorCode(await pending, "ABORTED");
  });

  it("waits delayMs between parts, and an abort cuts the wait short", async () => {
    const model = createScriptedModel({ script: { text: "abc", chunkSize: 1, delayMs: 30 } });
    const start = performance.now();
    await collectChecked(model.doStream(ask("a")));
    expect(performance.now() - start).toBeGreaterThanOrEqual(80);

    const controller = new AbortController();
    const pending = collectChecked(model.doStream(ask("a", { signal: controller.signal })));
    setTimeout(() => controller.abort(), 10);
    const aborted = performance.now();
    expectErrorCode(await pending, "ABORTED");
    expect(performance.now() - aborted).toBeLessThan(60);
  });

  it("answers without waiting: 200 calls of a tool exchange take well under a second", async () => {
    const model = createScriptedModel({
      script: ({ call }) =>
        call % 2 === 0
          ? { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT 1" } }] }
          : { text: "There is one row." },
    });
    const start = performance.now();
    for (let i = 0; i < 200; i++) await collectChecked(model.doStream(ask("a")));
    expect(performance.now() - start).toBeLessThan(500);
    expect(model.calls).toHaveLength(200);
  });
});
