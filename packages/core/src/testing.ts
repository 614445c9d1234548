/**
 * `@quarry/core/testing`: conformance suites for adapters (run them against your own adapters too).
 * Needs `vitest`.
 * @packageDocumentation
 */
export { runStoreConformance } from "./testing/store/run-store-conformance.js";
export { expectCode, steppingClock, type StoreConformanceOptions } from "./testing/store/harness.js";
export { sampleDataset } from "./testing/store/dataset-tests.js";
export { everyPartType } from "./testing/store/message-tests.js";
export { runBlobStoreConformance } from "./testing/blob/run-blob-store-conformance.js";
export type { BlobStoreConformanceOptions } from "./testing/blob/blob-harness.js";
