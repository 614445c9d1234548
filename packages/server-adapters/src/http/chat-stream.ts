import type { ChatEvent, Message } from "@quarry/core";
import { QuarryError } from "@quarry/core";
import { errorResponse } from "./http-errors.js";

const encoder = new TextEncoder();

/** One event in the SSE wire format: its type as the event name, the event as JSON data. */
export function sseFrame(event: ChatEvent, id: number): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Whether the client asked for a stream. */
export function wantsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}

/**
 * Starts a turn and waits for its first event, so a turn refused before anything is stored (a missing
 * session, empty text, a turn already running) is answered with a plain HTTP error instead of a stream.
 */
export async function startTurn(
  events: AsyncIterable<ChatEvent>,
): Promise<{ iterator: AsyncIterator<ChatEvent>; first: ChatEvent | undefined }> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { iterator, first: first.done ? undefined : first.value };
}

/**
 * A turn as Server-Sent Events: one frame per `ChatEvent`, a heartbeat comment every `heartbeatMs` so
 * proxies keep the connection open, and, when the client goes away, an abort of the turn (which then
 * stores the answer as stopped). The turn is always read to its end, so its answer is always stored.
 */
export function sseResponse(
  turn: { iterator: AsyncIterator<ChatEvent>; first: ChatEvent | undefined },
  controller: AbortController,
  heartbeatMs: number,
): Response {
  let gone = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(sink) {
      // Pumped apart from start(), so the stream counts as started (and cancellable) at once.
      void pump(sink);
    },
    cancel() {
      // The client disconnected: stop the model and the query; the pump drains the turn to its end.
      gone = true;
      clearInterval(timer);
      controller.abort();
    },
  });

  async function pump(sink: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const send = (bytes: Uint8Array) => {
      if (gone) return;
      try {
        sink.enqueue(bytes);
      } catch {
        gone = true;
      }
    };
    timer = setInterval(() => send(encoder.encode(": heartbeat\n\n")), heartbeatMs);
    let id = 0;
    try {
      if (turn.first) send(sseFrame(turn.first, id++));
      for (;;) {
        const next = await turn.iterator.next();
        if (next.done) break;
        send(sseFrame(next.value, id++));
      }
    } catch (error) {
      const failure = QuarryError.from(error);
      send(sseFrame({ type: "error", error: { code: failure.code, message: failure.message } }, id++));
    } finally {
      clearInterval(timer);
      if (!gone) sink.close();
    }
  }

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** A turn read to its end, answered as `{messages: [question, answer]}`. */
export async function jsonTurnResponse(turn: {
  iterator: AsyncIterator<ChatEvent>;
  first: ChatEvent | undefined;
}): Promise<Response> {
  const messages: Message[] = [];
  const events = [turn.first];
  for (;;) {
    const next = await turn.iterator.next();
    if (next.done) break;
    events.push(next.value);
  }
  for (const event of events) {
    if (event?.type === "message" || event?.type === "done") messages.push(event.message);
    if (event?.type === "error") return errorResponse(new QuarryError(event.error.code, event.error.message));
  }
  return Response.json({ messages });
}
