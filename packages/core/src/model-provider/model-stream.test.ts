import { describe, expect, it } from "vitest";
import { collectStream } from "./collect-stream.js";
import type { ModelStreamPart } from "./language-model.js";
import { modelErrorPart } from "./model-errors.js";
import { type ModelStreamRun, runModelStream, type StreamTranslator } from "./model-stream.js";

/** Events are strings: "text:…" adds text, "stop" is the finish reason. */
function translator(): StreamTranslator<string> {
  let stopped = false;
  return {
    get complete() {
      return stopped;
    },
    push(event) {
      if (event === "stop") stopped = true;
      return event.startsWith("text:") ? [{ type: "text-delta", delta: event.slice(5) }] : [];
    },
    end: () =>
      stopped
        ? { type: "finish", finishReason: "stop", usage: { inputTokens: 1, outputTokens: 1 } }
        : modelErrorPart("LLM_UNAVAILABLE", "ended early"),
  };
}

function run(
  events: (signal: AbortSignal) => AsyncIterable<string>,
  extra: Partial<ModelStreamRun<string>> = {},
): AsyncGenerator<ModelStreamPart> {
  return runModelStream({
    provider: "Test",
    signal: undefined,
    timeoutMs: 100,
    start: async (signal) => events(signal),
    translator: translator(),
    classify: () => modelErrorPart("LLM_UNAVAILABLE", "classified"),
    secrets: [],
    ...extra,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runModelStream", () => {
  it("does not count the consumer's time against the timeout", async () => {
    const parts: ModelStreamPart[] = [];
    for await (const part of run(async function* () {
      yield "text:a";
      yield "text:b";
      yield "stop";
    })) {
      parts.push(part);
      await sleep(150);
    }
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "text-delta", "finish"]);
  });

  it("ends in finish when the connection breaks after the stop reason", async () => {
    const result = await collectStream(
      run(async function* () {
        yield "text:a";
        yield "stop";
        throw new TypeError("terminated");
      }),
    );
    expect(result.finishReason).toBe("stop");
  });

  it("ends in an error part when the stream ends without a stop reason", async () => {
    const result = await collectStream(
      run(async function* () {
        yield "text:a";
      }),
    );
    expect(result.error?.message).toBe("ended early");
  });

  it("redacts secrets from classified errors", async () => {
    const result = await collectStream(
      run(
        async function* () {
          yield "text:a";
          throw new Error("boom");
        },
        {
          classify: () => modelErrorPart("LLM_ERROR", "bad key sk-secret-123456"),
          secrets: ["sk-secret-123456"],
        },
      ),
    );
    expect(result.error?.message).toBe("bad key [redacted]");
  });

  it("ends with ABORTED at once even when the SDK ignores the signal", async () => {
    const controller = new AbortController();
    const never = new Promise<AsyncIterable<string>>(() => {});
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const result = await collectStream(
      run(() => ({}) as AsyncIterable<string>, { signal: controller.signal, start: () => never }),
    );
    expect(result.error?.code).toBe("ABORTED");
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("cancels the SDK call when the consumer stops reading", async () => {
    let seen: AbortSignal | undefined;
    const stream = run(async function* (signal) {
      seen = signal;
      yield "text:a";
      yield "text:b";
      yield "stop";
    });
    for await (const part of stream) {
      if (part.type === "text-delta") break;
    }
    expect(seen?.aborted).toBe(true);
  });

  it("survives a start that rejects after the call was aborted", async () => {
    const controller = new AbortController();
    const start = () =>
      new Promise<AsyncIterable<string>>((_, reject) => setTimeout(() => reject(new Error("late")), 30));
    setTimeout(() => controller.abort(), 10);
    const result = await collectStream(
      run(() => ({}) as AsyncIterable<string>, { signal: controller.signal, start }),
    );
    expect(result.error?.code).toBe("ABORTED");
    await sleep(50);
  });
});
