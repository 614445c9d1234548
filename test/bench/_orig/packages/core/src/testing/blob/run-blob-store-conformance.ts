import { afterAll, beforeAll, describe, it } from "vitest";
import type { BlobStore } from "../../blob/blob-store.js";
import { blobFailureTests } from "./blob-failure-tests.js";
import type { BlobStoreConformanceOptions, BlobTestContext, DefineBlobTest } from "./blob-harness.js";
import { blobRoundTripTests } from "./blob-round-trip-tests.js";

/**
 * The BlobStore conformance suite: every adapter of the `BlobStore` port must pass it, and a blob store
 * you write yourself should too. Call it at the top level of a vitest test file:
 *
 * @example
 * ```ts
 * import { createMemoryBlobStore } from "@quarry/core/memory";
 * import { runBlobStoreConformance } from "@quarry/core/testing";
 * runBlobStoreConformance({ name: "memory", createBlobStore: () => createMemoryBlobStore() });
 * ```
 *
 * Each test writes under a key prefix of its own, so one store serves the whole suite and a shared
 * bucket or database needs no cleaning between runs. The suite uses only web APIs (web streams, Web
 * Crypto), so it also runs in a browser test runner.
 */
export function runBlobStoreConformance(options: BlobStoreConformanceOptions): void {
  describe(`BlobStore conformance: ${options.name}`, () => {
    let store: BlobStore | undefined;
    const run = Math.random().toString(36).slice(2, 10);
    let counter = 0;
    const context: BlobTestContext = {
      store: () => {
        if (!store) throw new Error("the blob store under test was not created");
        return store;
      },
    };
    const skipped = new Set(options.skip ?? []);
    const define: DefineBlobTest = (name, body) =>
      (skipped.has(name) ? it.skip : it)(name, () => body(`conformance-${run}/t${++counter}/`));

    beforeAll(async () => {
      store = await options.createBlobStore();
    });
    afterAll(async () => {
      await store?.close?.();
      await options.destroy?.();
    });

    blobRoundTripTests(define, context);
    blobFailureTests(define, context);
  });
}
