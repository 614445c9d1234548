/** What a blob store knows of a stored object. */
export interface BlobInfo {
  key: string;
  size: number;
  contentType: string;
}

/** A stored object and a fresh stream of its bytes. */
export interface BlobObject extends BlobInfo {
  body: ReadableStream<Uint8Array>;
}

/** What can be stored: bytes, a web stream or any async iterable of chunks (e.g. a Node stream). */
export type BlobBody =
  | Uint8Array
  | ArrayBuffer
  | string
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Options of {@link BlobStore.put}. */
export interface BlobPutOptions {
  contentType?: string;
  /** Refuse (with `PAYLOAD_TOO_LARGE`) and store nothing once more bytes than this arrive. */
  maxBytes?: number;
}

/**
 * The port for uploaded files, Parquet copies and exports. Keys are made by Quarry, never by users:
 * `/`-separated segments of letters, digits and `._-` (see {@link checkBlobKey}). Principal scoping lives in the
 * key (`tenants/{tenant}/users/{user}/...`) and in the Store records that point at blobs.
 *
 * A `put` is atomic: readers see the old object or the whole new one, never part; a failed or aborted put
 * leaves nothing behind. Adapters: memory (`@quarry/core/memory`), filesystem (`@quarry/core/fs`), inside
 * Postgres (`@quarry/core/postgres`), IndexedDB (`@quarry/core/indexeddb`).
 */
export interface BlobStore {
  put(key: string, body: BlobBody, options?: BlobPutOptions): Promise<BlobInfo>;
  /** The object, or null when there is none. */
  get(key: string): Promise<BlobObject | null>;
  head(key: string): Promise<BlobInfo | null>;
  /** Deletes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys that start with the prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  close?(): Promise<void>;
}
