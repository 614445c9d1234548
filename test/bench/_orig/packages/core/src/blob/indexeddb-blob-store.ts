import type { DBSchema, IDBPDatabase } from "idb";
import { QuarryError } from "../errors/quarry-error.js";
import { type IdbMigration, openIndexedDb, storageError } from "../store/record/open-indexeddb.js";
import { byteChunks, checkBlobKey, checkBlobPrefix } from "./blob-body.js";
import type { BlobBody, BlobInfo, BlobObject, BlobPutOptions, BlobStore } from "./blob-store.js";

/** Options of {@link createIndexedDbBlobStore}. */
export interface IndexedDbBlobStoreOptions {
  /** The database name; a database of its own, so not the name the IndexedDB Store uses. */
  name: string;
  /**
   * The factory to use instead of the global `indexedDB`, e.g. a fresh fake-indexeddb `IDBFactory` per
   * test. IndexedDB's classes must still be globals (`idb` checks them), so in Node also import
   * `fake-indexeddb/auto`.
   */
  indexedDB?: IDBFactory;
  /** Bytes per stored chunk (default 1 MiB): a put holds about one chunk in memory, a get one more. */
  chunkSize?: number;
}

/** What a stored object is: its chunks live under `[generation, 0..chunks-1]`. */
interface HeadRecord extends BlobInfo {
  generation: string;
  chunks: number;
}

/** A put in progress, so that chunks of a put that never finished (a closed tab) can be found and removed. */
interface PendingRecord {
  generation: string;
  chunks: number;
  touchedAt: number;
}

interface BlobSchema extends DBSchema {
  heads: { key: string; value: HeadRecord };
  chunks: { key: [string, number]; value: Uint8Array };
  pending: { key: string; value: PendingRecord };
}

type BlobDb = IDBPDatabase<BlobSchema>;

const defaultContentType = "application/octet-stream";
const defaultChunkSize = 1024 * 1024;
// A put touches its pending record at every chunk; one untouched this long was abandoned.
const abandonedAfterMs = 60 * 60 * 1000;

/** Schema steps, one per version; never edit a released step, add one. */
const migrations: readonly IdbMigration[] = [
  (db) => {
    db.createObjectStore("heads", { keyPath: "key" });
    db.createObjectStore("chunks");
    db.createObjectStore("pending", { keyPath: "generation" });
  },
];

/**
 * A {@link BlobStore} in IndexedDB, for browsers. An object is a head record plus chunk records. A put
 * writes its chunks under a new generation id, chunk by chunk as the body arrives (one transaction can
 * not wait for a network stream), then swaps the head and deletes the old generation's chunks in one
 * transaction: readers see the old object or the new one. A failed put deletes its chunks; those of a put
 * cut short by a closed tab are removed when a store next opens the database.
 *
 * A body being read when an overwrite or delete commits fails with `STORAGE_ERROR` rather than mixing
 * generations.
 */
export async function createIndexedDbBlobStore(options: IndexedDbBlobStoreOptions): Promise<BlobStore> {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new QuarryError("INVALID_INPUT", "chunkSize must be a positive whole number of bytes.");
  }
  const db = (await openIndexedDb(options.indexedDB, options.name, migrations)) as unknown as BlobDb;
  await removeAbandonedPuts(db).catch(() => undefined);

  const run = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw storageError(error, what);
    }
  };

  return {
    async put(key: string, body: BlobBody, putOptions: BlobPutOptions = {}): Promise<BlobInfo> {
      checkBlobKey(key);
      const contentType = putOptions.contentType ?? defaultContentType;
      const generation = newGeneration();
      let chunks = 0;
      let size = 0;
      try {
        for await (const chunk of fixedChunks(byteChunks(body, putOptions.maxBytes), chunkSize)) {
          await run("put", () => writeChunk(db, generation, chunks, chunk));
          chunks++;
          size += chunk.byteLength;
        }
        const head: HeadRecord = { key, size, contentType, generation, chunks };
        await run("put", () => replaceHead(db, key, head));
        return { key, size, contentType };
      } catch (error) {
        // The chunk being written when it failed may have landed too, hence one more.
        await deleteGeneration(db, generation, chunks + 1).catch(() => undefined);
        throw error;
      }
    },

    async get(key: string): Promise<BlobObject | null> {
      checkBlobKey(key);
      const head = await run("get", () => db.get("heads", key));
      if (!head) return null;
      let index = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (index >= head.chunks) {
            controller.close();
            return;
          }
          const chunk = await run("get", () => db.get("chunks", [head.generation, index]));
          if (!chunk) throw new QuarryError("STORAGE_ERROR", `The blob "${key}" changed while it was read.`);
          index++;
          controller.enqueue(chunk);
        },
      });
      return { key, size: head.size, contentType: head.contentType, body };
    },

    async head(key: string): Promise<BlobInfo | null> {
      checkBlobKey(key);
      const head = await run("head", () => db.get("heads", key));
      return head ? { key, size: head.size, contentType: head.contentType } : null;
    },

    async delete(key: string): Promise<void> {
      checkBlobKey(key);
      await run("delete", () => replaceHead(db, key, undefined));
    },

    async list(prefix: string): Promise<string[]> {
      checkBlobPrefix(prefix);
      if (prefix === "") return run("list", () => db.getAllKeys("heads"));
      // Keys are ASCII, so every key starting with the prefix sorts below prefix + U+FFFF.
      return run("list", () => db.getAllKeys("heads", IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
    },

    async close(): Promise<void> {
      db.close();
    },
  };
}

/** Re-cuts the body into chunks of exactly `size` bytes (the last one shorter), each in a buffer of its own. */
async function* fixedChunks(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  // Fresh buffers, never views: IndexedDB clones a view's whole underlying buffer (e.g. Node's 8 KiB pool).
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (let chunk of source) {
    while (chunk.byteLength > 0) {
      const taken = Math.min(size - filled, chunk.byteLength);
      buffer.set(chunk.subarray(0, taken), filled);
      filled += taken;
      chunk = chunk.subarray(taken);
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.slice(0, filled);
}

async function writeChunk(db: BlobDb, generation: string, index: number, chunk: Uint8Array): Promise<void> {
  const tx = db.transaction(["chunks", "pending"], "readwrite");
  await Promise.all([
    tx.objectStore("chunks").put(chunk, [generation, index]),
    tx.objectStore("pending").put({ generation, chunks: index + 1, touchedAt: Date.now() }),
    tx.done,
  ]);
}

/** Makes `head` the object at `key` (none when undefined) and deletes the chunks of the one it replaces. */
async function replaceHead(db: BlobDb, key: string, head: HeadRecord | undefined): Promise<void> {
  const tx = db.transaction(["heads", "chunks", "pending"], "readwrite");
  const heads = tx.objectStore("heads");
  // Handled at once: an abort rejects it while the head is still being read.
  const done = tx.done;
  done.catch(() => undefined);
  const requests: Promise<unknown>[] = [done];
  try {
    const old = await heads.get(key);
    if (head) {
      requests.push(heads.put(head), tx.objectStore("pending").delete(head.generation));
    } else if (old) {
      requests.push(heads.delete(key));
    }
    if (old && old.generation !== head?.generation) {
      const chunks = tx.objectStore("chunks");
      for (let i = 0; i < old.chunks; i++) requests.push(chunks.delete([old.generation, i]));
    }
  } catch (error) {
    requests.push(Promise.reject(error));
  }
  await Promise.all(requests);
}

async function deleteGeneration(db: BlobDb, generation: string, chunks: number): Promise<void> {
  const tx = db.transaction(["chunks", "pending"], "readwrite");
  const store = tx.objectStore("chunks");
  const requests: Promise<unknown>[] = [tx.objectStore("pending").delete(generation), tx.done];
  for (let i = 0; i < chunks; i++) requests.push(store.delete([generation, i]));
  await Promise.all(requests);
}

async function removeAbandonedPuts(db: BlobDb): Promise<void> {
  const cutoff = Date.now() - abandonedAfterMs;
  const abandoned = (await db.getAll("pending")).filter((pending) => pending.touchedAt < cutoff);
  for (const pending of abandoned) await deleteGeneration(db, pending.generation, pending.chunks);
}

/** A random id; `crypto.randomUUID` is missing outside secure contexts, `getRandomValues` is not. */
function newGeneration(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
