import { afterAll, beforeAll, describe, it } from "vitest";
import type { Store } from "../../store/store.js";
import { auditAndMemoryTests } from "./audit-memory-tests.js";
import { datasetTests } from "./dataset-tests.js";
import { documentTests } from "./document-tests.js";
import { feedbackTests } from "./feedback-tests.js";
import { type StoreConformanceOptions, type StoreTestContext, steppingClock } from "./harness.js";
import { integrityTests } from "./integrity-tests.js";
import { isolationTests } from "./isolation-tests.js";
import { messageTests } from "./message-tests.js";
import { sessionTests } from "./session-tests.js";

/**
 * The Store conformance suite: every adapter of the `Store` port must pass it, and a store you write
 * yourself should too. Call it at the top level of a vitest test file:
 *
 * @example
 * ```ts
 * import { createMemoryStore } from "@quarry/core/memory";
 * import { runStoreConformance } from "@quarry/core/testing";
 * runStoreConformance({ name: "memory", createStore: (options) => createMemoryStore(options) });
 * ```
 *
 * Tests isolate themselves with principals of their own, so one store serves the whole suite and a
 * shared database needs no cleaning between runs.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  describe(`Store conformance: ${options.name}`, () => {
    let store: Store | undefined;
    const run = Math.random().toString(36).slice(2, 10);
    let counter = 0;
    const context: StoreTestContext = {
      store: () => {
        if (!store) throw new Error("the store under test was not created");
        return store;
      },
      principal: (userId = "user") => ({ userId, tenantId: `tenant-${run}-${++counter}` }),
    };
    const skipped = new Set(options.skip ?? []);
    const define = (name: string, body: () => Promise<void>) =>
      (skipped.has(name) ? it.skip : it)(name, body);

    beforeAll(async () => {
      store = await options.createStore({ now: steppingClock() });
    });
    afterAll(async () => {
      await store?.close();
      await options.destroy?.();
    });

    sessionTests(define, context);
    messageTests(define, context);
    feedbackTests(define, context);
    datasetTests(define, context);
    documentTests(define, context);
    auditAndMemoryTests(define, context);
    integrityTests(define, context);
    isolationTests(define, context);
  });
}
