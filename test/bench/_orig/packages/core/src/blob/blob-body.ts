import { QuarryError } from "../errors/quarry-error.js";
import type { BlobBody } from "./blob-store.js";

const keyPattern = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * Throws `INVALID_INPUT` unless the key is `/`-separated segments of `[A-Za-z0-9_.-]` of at most 200
 * characters each (filesystems cap a name at 255 bytes, and stores add suffixes), none of them `.` or
 * `..`, at most 1024 characters: such a key can never leave a filesystem store's folder.
 */
export function checkBlobKey(key: string): string {
  const ok =
    typeof key === "string" &&
    key.length <= 1024 &&
    keyPattern.test(key) &&
    !key.split("/").some((segment) => segment === "." || segment === ".." || segment.length > 200);
  if (!ok)
    throw new QuarryError("INVALID_INPUT", `Invalid blob key ${JSON.stringify(String(key).slice(0, 100))}.`);
  return key;
}

/** Throws `INVALID_INPUT` unless the prefix is empty or a valid key prefix (it may end with `/`). */
export function checkBlobPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  checkBlobKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/**
 * The body as a sequence of byte chunks, counting bytes as they pass: past `maxBytes` it throws
 * `PAYLOAD_TOO_LARGE`, so a store can stop writing and remove what it wrote.
 */
export async function* byteChunks(
  body: BlobBody,
  maxBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of rawChunks(body)) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new QuarryError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${maxBytes} bytes.`, {
        details: { maxBytes },
      });
    }
    if (chunk.byteLength > 0) yield chunk;
  }
}

async function* rawChunks(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (typeof body === "string") {
    yield new TextEncoder().encode(body);
  } else if (body instanceof Uint8Array) {
    yield body;
  } else if (body instanceof ArrayBuffer) {
    yield new Uint8Array(body);
  } else if (isReadableStream(body)) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield toUint8Array(value);
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    for await (const chunk of body) yield toUint8Array(chunk);
  }
}

/** Reads a whole body into one array (for small objects only). */
export async function readAllBytes(body: BlobBody, maxBytes?: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of byteChunks(body, maxBytes)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** A web stream over an async source of chunks, pulled only as the reader asks. */
export function streamFrom(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return (
    typeof value === "object" && value !== null && typeof (value as ReadableStream).getReader === "function"
  );
}

function toUint8Array(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === "string") return new TextEncoder().encode(value);
  throw new QuarryError("INVALID_INPUT", "A blob body chunk is not bytes.");
}
