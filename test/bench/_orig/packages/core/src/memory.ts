/**
 * `@quarry/core/memory`: in-memory adapters, for tests, demos and short-lived processes.
 * @packageDocumentation
 */
export { createMemoryBlobStore } from "./blob/memory-blob-store.js";
export { createMemoryStore } from "./store/memory-store.js";
