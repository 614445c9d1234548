import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** One server-sent event: `event:` (Anthropic names every event; OpenAI sends bare `data:` lines) and `data:`. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** How to send a stream. */
export interface SseOptions {
  /** Milliseconds between two events. */
  delayMs?: number;
  /** Destroys the socket after this many events. */
  dropAfter?: number;
  /** Sends `error` (the provider's in-stream error event) after this many events, then ends the response. */
  errorAfter?: { count: number; event: SseEvent };
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** An event as it travels: `event: …` and `data: …` lines and a blank line. */
export function formatEvent(event: SseEvent): string {
  return `${event.event ? `event: ${event.event}\n` : ""}data: ${event.data}\n\n`;
}

/**
 * Sends events as `text/event-stream`, one network write per event so a client sees them arrive apart.
 * Stops when the client goes away (an abort, a timeout), so a delayed stream never outlives its request.
 */
export async function sendEvents(response: ServerResponse, events: readonly SseEvent[], options: SseOptions) {
  const gone = new AbortController();
  response.on("close", () => gone.abort());
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...options.headers,
  });
  response.flushHeaders();
  try {
    for (const [index, event] of events.entries()) {
      if (options.dropAfter !== undefined && index >= options.dropAfter) {
        // Like a proxy dying mid-answer: no end of the chunked body, just a closed socket.
        response.socket?.destroy();
        return;
      }
      if (options.errorAfter && index >= options.errorAfter.count) {
        await write(response, formatEvent(options.errorAfter.event));
        response.end();
        return;
      }
      if (index > 0 && options.delayMs) await sleep(options.delayMs, undefined, { signal: gone.signal });
      if (gone.signal.aborted) return;
      await write(response, formatEvent(event));
    }
    response.end();
  } catch (error) {
    if (!gone.signal.aborted) throw error;
  }
}

/** Writes and waits until the bytes are handed to the socket, so a later `destroy()` cannot swallow them. */
function write(response: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    response.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Answers with a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}
