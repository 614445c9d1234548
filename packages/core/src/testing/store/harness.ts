import { type ErrorCode, QuarryError } from "../../errors/quarry-error.js";
import type { Principal } from "../../model/principal.js";
import type { StoreOptions } from "../../store/clock.js";
import type { Store } from "../../store/store.js";

/** How the conformance suite gets a store to test. */
export interface StoreConformanceOptions {
  /** Shown in the suite's name, e.g. "postgres (PGlite)". */
  name: string;
  /**
   * Makes the store under test. Pass `options` on to the adapter: the suite controls the clock so that
   * ordering is deterministic. One store serves the whole suite; tests isolate themselves by principal.
   */
  createStore: (options: StoreOptions) => Store | Promise<Store>;
  /** Runs after the suite, e.g. to drop tables; `store.close()` is called before it. */
  destroy?: () => void | Promise<void>;
  /** Test names (as printed) to skip, for adapters that knowingly lack a feature. */
  skip?: readonly string[];
}

/** What every test body gets. */
export interface StoreTestContext {
  store: () => Store;
  /** A principal nobody else in the run uses. */
  principal: (userId?: string) => Principal;
}

/**
 * A clock that moves one second forward at every reading, so that records made one after another never
 * share a timestamp, however fast the adapter is.
 */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let time = start;
  return () => {
    time += 1000;
    return new Date(time);
  };
}

/** Asserts that a promise rejects with a QuarryError of the given code. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<QuarryError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (QuarryError.is(error) && error.code === code) return error;
    throw new Error(`expected QuarryError ${code}, got ${describeError(error)}`);
  }
  throw new Error(
    `expected QuarryError ${code}, but it resolved with ${JSON.stringify(value)?.slice(0, 200)}`,
  );
}

function describeError(error: unknown): string {
  if (QuarryError.is(error)) return `QuarryError ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
