import { expect } from "vitest";
import type { BlobStore } from "../../blob/blob-store.js";

/** How the blob conformance suite gets a store to test. */
export interface BlobStoreConformanceOptions {
  /** Shown in the suite's name, e.g. "filesystem". */
  name: string;
  /**
   * Makes the store under test. One store serves the whole suite; tests write under a prefix of their own
   * (`conformance-<run>/...`), so a shared store needs no cleaning between runs.
   */
  createBlobStore: () => BlobStore | Promise<BlobStore>;
  /** Runs after the suite, e.g. to remove a folder; `store.close()` is called before it. */
  destroy?: () => void | Promise<void>;
  /** Test names (as printed) to skip, for adapters that knowingly lack a feature. */
  skip?: readonly string[];
}

/** What the blob test groups get. */
export interface BlobTestContext {
  store: () => BlobStore;
}

/**
 * Registers one test, or skips it when its name is in `skip`. The body gets a key prefix (ending with `/`)
 * that no other test of any run uses, so listings see only the test's own keys.
 */
export type DefineBlobTest = (name: string, body: (prefix: string) => Promise<void>) => void;

/** Reads a whole web stream. */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

/** The chunks joined into one array. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** Reproducible pseudo-random bytes (xorshift), so a failure can be replayed. */
export function pseudoRandomBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** Splits bytes into chunks of varying, odd sizes, so that no adapter's own chunk size lines up with them. */
export function unevenChunks(
  bytes: Uint8Array,
  sizes: readonly number[] = [65_537, 1, 300_001, 7],
): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.byteLength; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** A web stream of the chunks; `failAfter` makes it error once that many chunks were read. */
export function webStream(chunks: readonly Uint8Array[], failAfter?: number): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && index >= failAfter) {
        controller.error(new Error("the upload broke off"));
      } else if (index < chunks.length) {
        controller.enqueue(chunks[index++]!);
      } else {
        controller.close();
      }
    },
  });
}

/** An async iterable of the chunks (what a Node `Readable` is); `failAfter` as in {@link webStream}. */
export async function* asyncChunks(
  chunks: readonly Uint8Array[],
  failAfter?: number,
): AsyncGenerator<Uint8Array> {
  for (const [index, chunk] of chunks.entries()) {
    if (failAfter !== undefined && index >= failAfter) throw new Error("the upload broke off");
    // A macrotask between chunks, as a network source would have, so a store cannot rely on them arriving at once.
    await new Promise((resolve) => setTimeout(resolve, 0));
    yield chunk;
  }
  if (failAfter !== undefined && failAfter >= chunks.length) throw new Error("the upload broke off");
}

/** The SHA-256 of the bytes as hex (Web Crypto, so the suite also runs in browsers). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Asserts two byte arrays are equal. Vitest's deep equality walks typed arrays element by element, which
 * takes seconds on a few MiB; this reports the size and the first differing offset instead.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  let difference = -1;
  const length = Math.min(actual.byteLength, expected.byteLength);
  for (let i = 0; i < length; i++) {
    if (actual[i] !== expected[i]) {
      difference = i;
      break;
    }
  }
  expect({ size: actual.byteLength, firstDifference: difference }).toEqual({
    size: expected.byteLength,
    firstDifference: -1,
  });
}
