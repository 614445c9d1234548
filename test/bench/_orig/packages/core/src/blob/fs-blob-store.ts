import { randomUUID } from "node:crypto";
import type { Dirent } from "node:fs";
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { QuarryError } from "../errors/quarry-error.js";
import { byteChunks, checkBlobKey, checkBlobPrefix } from "./blob-body.js";
import type { BlobBody, BlobInfo, BlobObject, BlobPutOptions, BlobStore } from "./blob-store.js";

/** Options of {@link createFsBlobStore}. */
export interface FsBlobStoreOptions {
  /** The folder holding the blobs; created on the first put. */
  root: string;
}

const defaultContentType = "application/octet-stream";
const segmentPattern = /^[A-Za-z0-9_.-]+$/;
// `~` never occurs in a key, so these names can never collide with a stored object's.
const metaSuffix = "~meta.json";
const tempMarker = "~tmp-";

/**
 * A {@link BlobStore} in a folder: the key `a/b/c.parquet` is the file `<root>/a/b/c.parquet`, holding exactly
 * the bytes put (so the folder can be inspected, backed up or read by other tools as is).
 *
 * The content type lives in a sidecar `c.parquet~meta.json` rather than in a header inside the file (which
 * would stop the file being a plain copy) or in one JSON index (which every put would rewrite, and which
 * two processes sharing the folder would fight over). The price: the bytes and the sidecar are committed by
 * two renames. The sidecar records the size it belongs to, and a reader that sees a sidecar of another size
 * (a put between its renames) looks again, so a reader gets a mismatched type only if a put of the same size
 * lands in that instant.
 *
 * A put streams into a temporary file beside the target, syncs it and renames it over the target, so
 * readers see the old or the new file, never part; on failure the temporary files are removed. A key
 * cannot be both an object and a folder (`a` and `a/b`); such a put fails with `CONFLICT`. On
 * case-insensitive filesystems keys differing only in case are the same object. Folders emptied by
 * `delete` are left in place.
 *
 * `get` opens the file at once, so an overwrite after `get` does not change what its body reads; read the
 * body to its end or `cancel()` it, or the file stays open until garbage collection.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const root = resolve(options.root);
  // Renames of one key in this process are queued, so that a sidecar always lands next to its own file.
  const locks = new Map<string, Promise<unknown>>();

  const pathOf = (key: string): string => {
    checkBlobKey(key);
    const path = resolve(root, ...key.split("/"));
    // checkBlobKey already rules out `..` and absolute keys; this is the second lock on the same door.
    if (!path.startsWith(root + sep))
      throw new QuarryError("INVALID_INPUT", "The blob key leaves the store.");
    return path;
  };

  const exclusive = async <T>(path: string, work: () => Promise<T>): Promise<T> => {
    const previous = locks.get(path) ?? Promise.resolve();
    const current = previous.then(work, work);
    const settled = current.catch(() => undefined);
    locks.set(path, settled);
    try {
      return await current;
    } finally {
      if (locks.get(path) === settled) locks.delete(path);
    }
  };

  return {
    async put(key: string, body: BlobBody, putOptions: BlobPutOptions = {}): Promise<BlobInfo> {
      const path = pathOf(key);
      const contentType = putOptions.contentType ?? defaultContentType;
      const temp = `${path}${tempMarker}${randomUUID()}`;
      const tempMeta = `${temp}.meta`;
      try {
        await mkdir(dirname(path), { recursive: true });
        const size = await writeTemp(temp, byteChunks(body, putOptions.maxBytes));
        await writeFile(tempMeta, JSON.stringify({ contentType, size }));
        await exclusive(path, async () => {
          // Checked before the sidecar moves, so a clash with a folder leaves the old sidecar in place.
          if ((await stat(path).catch(() => null))?.isDirectory()) throw folderClash(key);
          await rename(tempMeta, `${path}${metaSuffix}`);
          await rename(temp, path);
        });
        return { key, size, contentType };
      } catch (error) {
        await Promise.all([rm(temp, { force: true }), rm(tempMeta, { force: true })]).catch(() => undefined);
        throw translate(error, key);
      }
    },

    async get(key: string): Promise<BlobObject | null> {
      const path = pathOf(key);
      for (let attempt = 1; ; attempt++) {
        let handle: FileHandle;
        try {
          handle = await open(path, "r");
        } catch (error) {
          if (isMissing(error)) return null;
          throw translate(error, key);
        }
        try {
          const stats = await handle.stat();
          if (!stats.isFile()) {
            await handle.close();
            return null;
          }
          const contentType = await readContentType(path, stats.size, attempt);
          if (contentType === undefined) {
            await handle.close();
            continue;
          }
          const body = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
          return { key, size: stats.size, contentType, body };
        } catch (error) {
          await handle.close().catch(() => undefined);
          throw translate(error, key);
        }
      }
    },

    async head(key: string): Promise<BlobInfo | null> {
      const path = pathOf(key);
      for (let attempt = 1; ; attempt++) {
        try {
          const stats = await stat(path);
          if (!stats.isFile()) return null;
          const contentType = await readContentType(path, stats.size, attempt);
          if (contentType !== undefined) return { key, size: stats.size, contentType };
        } catch (error) {
          if (isMissing(error)) return null;
          throw translate(error, key);
        }
      }
    },

    async delete(key: string): Promise<void> {
      const path = pathOf(key);
      await exclusive(path, async () => {
        // A folder at the key is not an object; leave it alone.
        if (!(await stat(path).catch(() => null))?.isFile()) return;
        // The file first: once it is gone the object is gone, whatever happens to the sidecar.
        await rm(path, { force: true });
        await rm(`${path}${metaSuffix}`, { force: true });
      }).catch((error: unknown) => {
        throw translate(error, key);
      });
    },

    async list(prefix: string): Promise<string[]> {
      checkBlobPrefix(prefix);
      // Start in the deepest folder the prefix names in full, and walk only what can still match.
      const slash = prefix.lastIndexOf("/");
      const folderKey = slash === -1 ? "" : prefix.slice(0, slash);
      const keys: string[] = [];
      const walk = async (folder: string, folderKey: string): Promise<void> => {
        let entries: Dirent[];
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (error) {
          if (isMissing(error)) return;
          throw translate(error, prefix);
        }
        for (const entry of entries) {
          // Temporary files, sidecars and files dropped in by hand under names that are not keys.
          if (!segmentPattern.test(entry.name) || entry.name === "." || entry.name === "..") continue;
          const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
          if (entry.isFile() && key.startsWith(prefix)) keys.push(key);
          else if (entry.isDirectory() && `${key}/`.startsWith(prefix))
            await walk(resolve(folder, entry.name), key);
        }
      };
      await walk(folderKey ? pathOf(folderKey) : root, folderKey);
      return keys.sort();
    },

    async close(): Promise<void> {
      await Promise.all(locks.values());
    },
  };
}

/** Streams the chunks into a new file, synced to disk before it is renamed into place; answers its size. */
async function writeTemp(path: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const handle = await open(path, "wx");
  try {
    await writeFile(handle, chunks);
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * The content type in the sidecar, or undefined to ask for another look when the sidecar belongs to a file
 * of another size (a put is between its two renames). After a few looks, or without a readable sidecar
 * (a file copied in by hand), the default type.
 */
async function readContentType(path: string, size: number, attempt: number): Promise<string | undefined> {
  let meta: { contentType?: unknown; size?: unknown };
  try {
    meta = JSON.parse(await readFile(`${path}${metaSuffix}`, "utf8"));
  } catch {
    return defaultContentType;
  }
  if (meta.size === size && typeof meta.contentType === "string") return meta.contentType;
  if (attempt >= 5) return defaultContentType;
  await new Promise((resolve) => setTimeout(resolve, attempt * 2));
  return undefined;
}

function folderClash(key: string): QuarryError {
  return new QuarryError("CONFLICT", `The blob key "${key}" clashes with an existing folder or file.`);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function isMissing(error: unknown): boolean {
  // ENOTDIR: a parent of the key is a file, so the key cannot exist.
  return errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR";
}

/**
 * Filesystem failures become QuarryErrors; anything else (a QuarryError, or the error of a body stream
 * that broke off) is the caller's to see unchanged.
 */
function translate(error: unknown, key: string): unknown {
  if (QuarryError.is(error) || !(typeof error === "object" && error !== null && "syscall" in error))
    return error;
  const code = errorCode(error);
  if (code === "ENAMETOOLONG") {
    return new QuarryError("INVALID_INPUT", "The blob key is too long for this filesystem.", {
      cause: error,
    });
  }
  if (code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR") return folderClash(key);
  return new QuarryError("STORAGE_ERROR", `The blob store could not access "${key}" (${code}).`, {
    cause: error,
  });
}
