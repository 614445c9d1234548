/**
 * `@quarry/core/indexeddb`: the browser adapters, over IndexedDB through `idb` (an optional peer
 * dependency). Give the Store and the blob store different database names.
 * @packageDocumentation
 */

export { createIndexedDbBlobStore, type IndexedDbBlobStoreOptions } from "./blob/indexeddb-blob-store.js";
export {
  createIndexedDbRecordDb,
  type IndexedDbRecordDbOptions,
} from "./store/record/indexeddb-record-db.js";
export { createIndexedDbStore, type IndexedDbStoreOptions } from "./store/record/indexeddb-store.js";
