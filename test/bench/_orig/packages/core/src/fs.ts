/**
 * `@quarry/core/fs`: the filesystem blob store, for Node.
 * @packageDocumentation
 */
export { createFsBlobStore, type FsBlobStoreOptions } from "./blob/fs-blob-store.js";
