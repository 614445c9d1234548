import { describe, expect, it } from "vitest";
import { readSseFrames, type SseFrame } from "./sse-frames.js";

/** A body that delivers the text in exactly these chunks. */
function bodyOf(chunks: readonly (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function framesOf(chunks: readonly (string | Uint8Array)[]): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  for await (const frame of readSseFrames(bodyOf(chunks))) frames.push(frame);
  return frames;
}

describe("readSseFrames", () => {
  it("reads frames with their event, id and data, skipping heartbeat comments", async () => {
    const text =
      'id: 0\nevent: status\ndata: {"a":1}\n\n: heartbeat\n\nid: 1\nevent: done\ndata: {"b":2}\n\n';
    expect(await framesOf([text])).toEqual([
      { event: "status", data: '{"a":1}', id: "0" },
      { event: "done", data: '{"b":2}', id: "1" },
    ]);
  });

  it("gives the same frames whatever the chunking, even one byte at a time", async () => {
    const text = 'event: a\ndata: {"x":"é ü 🌧"}\n\n: heartbeat\n\nevent: b\ndata: two\n\n';
    const whole = await framesOf([text]);
    const bytes = new TextEncoder().encode(text);
    const single = await framesOf([...bytes].map((byte) => new Uint8Array([byte])));
    expect(single).toEqual(whole);
    expect(whole.map((f) => f.data)).toEqual(['{"x":"é ü 🌧"}', "two"]);
  });

  it("understands CRLF and CR line endings, also with a CRLF split between chunks", async () => {
    expect(await framesOf(["event: a\r\ndata: 1\r", "\n\r", "\nevent: b\rdata: 2\r\r"])).toEqual([
      { event: "a", data: "1", id: undefined },
      { event: "b", data: "2", id: undefined },
    ]);
  });

  it("joins data lines, defaults the event name, and drops empty and unfinished frames", async () => {
    expect(await framesOf(["data: one\ndata:two\ndata\n\nevent: empty\n\ndata: cut off"])).toEqual([
      { event: "message", data: "one\ntwo\n", id: undefined },
    ]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data: 1\n\ndata: 2\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const frame of readSseFrames(body)) {
      expect(frame.data).toBe("1");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
