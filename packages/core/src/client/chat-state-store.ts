/** A state holder for `useSyncExternalStore`: every change is a new object; no change keeps the old one. */
export interface StateStore<S extends object> {
  get(): S;
  /** Applies the fields that differ (by `Object.is`) as a new state object and notifies; else does nothing. */
  set(patch: Partial<S> | ((state: S) => Partial<S>)): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Drops every listener. */
  clear(): void;
}

/** Creates a {@link StateStore} holding `initial`. */
export function createStateStore<S extends object>(initial: S): StateStore<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const changes = typeof patch === "function" ? patch(state) : patch;
      const keys = Object.keys(changes) as (keyof S)[];
      if (keys.every((key) => Object.is(state[key], changes[key]))) return;
      state = { ...state, ...changes };
      // A listener that unsubscribes another mid-loop must not skip anyone: notify a copy.
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    clear() {
      listeners.clear();
    },
  };
}
