import { describe, expect, it } from "vitest";
import { collectStream } from "./collect-stream.js";
import type { ModelStreamPart } from "./language-model.js";

async function* stream(...parts: ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* parts;
}

describe("collectStream", () => {
  it("joins text, gathers complete tool calls and the finish", async () => {
    const result = await collectStream(
      stream(
        { type: "text-delta", delta: "Hel" },
        { type: "tool-call-delta", id: "c1", name: "run_sql", delta: '{"sql"' },
        { type: "text-delta", delta: "lo" },
        { type: "tool-call", id: "c1", name: "run_sql", input: '{"sql":"SELECT 1"}' },
        { type: "finish", finishReason: "tool-calls", usage: { inputTokens: 3, outputTokens: 4 } },
      ),
    );
    expect(result).toMatchObject({
      text: "Hello",
      toolCalls: [{ id: "c1", name: "run_sql", input: '{"sql":"SELECT 1"}' }],
      finishReason: "tool-calls",
      usage: { inputTokens: 3, outputTokens: 4 },
      error: undefined,
    });
    expect(result.parts).toHaveLength(5);
  });

  it("reports an error part instead of throwing", async () => {
    const error = { code: "LLM_UNAVAILABLE", message: "down", retryable: true } as const;
    const result = await collectStream(stream({ type: "text-delta", delta: "a" }, { type: "error", error }));
    expect(result).toMatchObject({ text: "a", error, finishReason: undefined, usage: undefined });
  });
});
