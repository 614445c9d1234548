/** One Server-Sent Events frame: its `event` name (default `message`), its joined `data` lines and `id`. */
export interface SseFrame {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * The frames of a `text/event-stream` body as they arrive, per the HTML spec's parsing rules: lines end in
 * LF, CRLF or CR (also when a CRLF is split between two chunks), `:` lines are comments (heartbeats), one
 * space after a field's colon is dropped, several `data` lines join with LF, and a blank line ends a frame.
 * A frame without data and a frame cut off by the end of the body are dropped.
 *
 * Stopping early (a `break`, or a `signal` that aborts the fetch) cancels the body, which closes the
 * connection.
 */
export async function* readSseFrames(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SseFrame, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  // A chunk that ended in CR: an LF opening the next chunk belongs to that line ending.
  let skipLf = false;
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      if (skipLf && buffer !== "") {
        if (buffer.startsWith("\n")) buffer = buffer.slice(1);
        skipLf = false;
      }
      for (;;) {
        const end = lineEnd(buffer);
        if (end === -1) break;
        const line = buffer.slice(0, end);
        if (buffer[end] === "\r") {
          if (end + 1 === buffer.length) skipLf = true;
          buffer = buffer.slice(buffer[end + 1] === "\n" ? end + 2 : end + 1);
        } else {
          buffer = buffer.slice(end + 1);
        }
        if (line === "") {
          if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let text = colon === -1 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) text = text.slice(1);
        if (field === "data") data.push(text);
        else if (field === "event") event = text;
        else if (field === "id" && !text.includes("\u0000")) id = text;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Where the first line of `text` ends (at its CR or LF), or -1 while it has no complete line. */
function lineEnd(text: string): number {
  const lf = text.indexOf("\n");
  const cr = text.indexOf("\r");
  if (cr === -1) return lf;
  if (lf === -1) return cr;
  return Math.min(cr, lf);
}
