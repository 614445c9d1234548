import { checkBlobKey, checkBlobPrefix, readAllBytes } from "./blob-body.js";
import type { BlobBody, BlobInfo, BlobObject, BlobPutOptions, BlobStore } from "./blob-store.js";

const defaultContentType = "application/octet-stream";

interface StoredBlob {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * A {@link BlobStore} in a Map, for tests, demos and short-lived processes: everything is lost on exit.
 * A put reads the whole body before it replaces anything, which is what makes it atomic.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, StoredBlob>();
  const info = (key: string, blob: StoredBlob): BlobInfo => ({
    key,
    size: blob.bytes.byteLength,
    contentType: blob.contentType,
  });

  return {
    async put(key: string, body: BlobBody, options: BlobPutOptions = {}): Promise<BlobInfo> {
      checkBlobKey(key);
      // A copy: readAllBytes may hand back the caller's own array, which the caller may change later.
      const bytes = (await readAllBytes(body, options.maxBytes)).slice();
      const blob = { bytes, contentType: options.contentType ?? defaultContentType };
      blobs.set(key, blob);
      return info(key, blob);
    },
    async get(key: string): Promise<BlobObject | null> {
      checkBlobKey(key);
      const blob = blobs.get(key);
      if (!blob) return null;
      return {
        ...info(key, blob),
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            // Copied so a reader that changes its chunk cannot change the stored object.
            if (blob.bytes.byteLength > 0) controller.enqueue(blob.bytes.slice());
            controller.close();
          },
        }),
      };
    },
    async head(key: string): Promise<BlobInfo | null> {
      checkBlobKey(key);
      const blob = blobs.get(key);
      return blob ? info(key, blob) : null;
    },
    async delete(key: string): Promise<void> {
      checkBlobKey(key);
      blobs.delete(key);
    },
    async list(prefix: string): Promise<string[]> {
      checkBlobPrefix(prefix);
      return [...blobs.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async close(): Promise<void> {
      blobs.clear();
    },
  };
}
