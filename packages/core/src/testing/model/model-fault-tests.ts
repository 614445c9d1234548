import { expect } from "vitest";
import { collectStream } from "../../model-provider/collect-stream.js";
import type { ModelMessage, ModelStreamPart } from "../../model-provider/language-model.js";
import { collectChecked, type DefineModelTest, eventually, expectErrorCode } from "./model-harness.js";

const messages: ModelMessage[] = [{ role: "user", content: "How many orders are there?" }];
const longText = "The orders table has 1,204 rows; most of them shipped in March. ".repeat(8);

/** Retries, provider errors, aborts, timeouts and broken connections: every one ends in one error part. */
export function modelFaultTests(define: DefineModelTest): void {
  define("retries a 429 honouring Retry-After, then succeeds", async ({ setup }) => {
    const { server, model } = await setup([{ status: 429, retryAfter: 0.2 }, { text: "Done." }]);
    const started = Date.now();
    const result = await collectChecked(model.doStream({ messages }));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe("Done.");
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(server.requests[1]?.body).toEqual(server.requests[0]?.body);
  });

  define("reports a persistent 429 as LLM_RATE_LIMITED with its Retry-After", async ({ setup }) => {
    const { server, model } = await setup({ status: 429, retryAfter: 0.05 }, { maxRetries: 1 });
    const error = expectErrorCode(await collectChecked(model.doStream({ messages })), "LLM_RATE_LIMITED");
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterSeconds: 0.05 });
    expect(server.requests).toHaveLength(2);
  });

  define("gives up at once on a Retry-After longer than a minute, reporting the wait", async ({ setup }) => {
    const { server, model } = await setup({ status: 429, retryAfter: 120 });
    const started = Date.now();
    const error = expectErrorCode(await collectChecked(model.doStream({ messages })), "LLM_RATE_LIMITED");
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 120 });
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  define("reports a persistent 500 as LLM_UNAVAILABLE after its retries", async ({ setup }) => {
    const { server, model } = await setup({ status: 500, retryAfter: 0.01 }, { maxRetries: 2 });
    const error = expectErrorCode(await collectChecked(model.doStream({ messages })), "LLM_UNAVAILABLE");
    expect(error).toMatchObject({ retryable: true, status: 500 });
    expect(server.requests).toHaveLength(3);
  });

  define("reports a wrong key (401) as LLM_ERROR without retrying or showing the key", async ({ setup }) => {
    const wrongKey = "sk-wrong-quarry-0123456789abcdef";
    const { server, model } = await setup({ text: "unreachable" }, { apiKey: wrongKey });
    const result = await collectChecked(model.doStream({ messages }));
    const error = expectErrorCode(result, "LLM_ERROR");
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error.message.length).toBeGreaterThan(10);
    expect(JSON.stringify(result.parts)).not.toContain(wrongKey);
    expect(server.requests).toHaveLength(1);
  });

  define("reports a bad request (400) as LLM_ERROR with the provider's message", async ({ setup }) => {
    const message = "max_tokens: 999999 > 8192, the maximum allowed for this model";
    const { server, model } = await setup({ status: 400, message });
    const error = expectErrorCode(await collectChecked(model.doStream({ messages })), "LLM_ERROR");
    expect(error.message).toContain(message);
    expect(error).toMatchObject({ retryable: false, status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  define("ends with ABORTED quickly when aborted mid-stream", async ({ setup }) => {
    const { server, model } = await setup({ text: longText, chunkSize: 4, delayMs: 40 });
    const controller = new AbortController();
    const parts: ModelStreamPart[] = [];
    let abortedAt = 0;
    for await (const part of model.doStream({ messages, signal: controller.signal })) {
      parts.push(part);
      if (part.type === "text-delta" && !abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    }
    expect(Date.now() - abortedAt).toBeLessThan(500);
    const result = await collectChecked(toIterable(parts));
    expectErrorCode(result, "ABORTED");
    expect(result.text.length).toBeLessThan(longText.length);
    await eventually(() => server.requests[0]?.cancelled === true);
  });

  define(
    "ends with ABORTED at once, sending nothing, when the signal is already aborted",
    async ({ setup }) => {
      const { server, model } = await setup({ text: "unreachable" });
      const result = await collectChecked(model.doStream({ messages, signal: AbortSignal.abort() }));
      expectErrorCode(result, "ABORTED");
      expect(server.requests).toHaveLength(0);
    },
  );

  define("ends with ABORTED quickly when aborted while waiting to retry", async ({ setup }) => {
    const { model } = await setup({ status: 429, retryAfter: 10 });
    const started = Date.now();
    const result = await collectChecked(model.doStream({ messages, signal: AbortSignal.timeout(150) }));
    expectErrorCode(result, "ABORTED");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  define("times out on a server that never answers", async ({ setup }) => {
    const { server, model } = await setup({ hang: true }, { timeoutMs: 300, maxRetries: 0 });
    const started = Date.now();
    const error = expectErrorCode(await collectChecked(model.doStream({ messages })), "LLM_UNAVAILABLE");
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(() => server.requests[0]?.cancelled === true);
  });

  define("times out on a stream that stalls", async ({ setup }) => {
    const { model } = await setup({ text: longText, chunkSize: 8, delayMs: 5000 }, { timeoutMs: 300 });
    const started = Date.now();
    const result = await collectChecked(model.doStream({ messages }));
    expectErrorCode(result, "LLM_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  define("reports a connection dropped mid-stream as an error part", async ({ setup }) => {
    const { model } = await setup({ text: longText, chunkSize: 4, dropAfterChunks: 4 });
    const result = await collectChecked(model.doStream({ messages }));
    expectErrorCode(result, "LLM_UNAVAILABLE");
    expect(result.text.length).toBeLessThan(longText.length);
  });

  define("reports the provider's error event inside a stream", async ({ setup }) => {
    const { model } = await setup({ text: longText, chunkSize: 4, streamErrorAfterChunks: 4 });
    const result = await collectChecked(model.doStream({ messages }));
    expect(expectErrorCode(result, "LLM_UNAVAILABLE").retryable).toBe(true);
  });

  define("cancels the request when the consumer stops reading", async ({ setup }) => {
    const { server, model } = await setup({ text: longText, chunkSize: 2, delayMs: 20 });
    for await (const part of model.doStream({ messages })) {
      if (part.type === "text-delta") break;
    }
    await eventually(() => server.requests[0]?.cancelled === true);
  });

  define("serves many calls at once", async ({ setup }) => {
    const { model } = await setup((request) => ({
      text: `answer ${request.call}`,
      chunkSize: 3,
      delayMs: 5,
    }));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => collectStream(model.doStream({ messages }))),
    );
    expect(results.map((result) => result.text).sort()).toEqual([0, 1, 2, 3, 4].map((n) => `answer ${n}`));
  });
}

async function* toIterable(parts: readonly ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* parts;
}
