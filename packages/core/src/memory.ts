/**
 * `@quarry/core/memory`: in-memory adapters, for tests, demos and short-lived processes.
 * @packageDocumentation
 */
export { createMemoryStore } from "./store/memory-store.js";
export { createMemoryBlobStore } from "./blob/memory-blob-store.js";
