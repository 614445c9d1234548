/** What {@link untilAborted} resolves with when the signal wins. */
export const aborted: unique symbol = Symbol("aborted");

/**
 * Waits for a promise, or only until the signal aborts: resolves with the promise's value (or rejects with
 * its error), or with {@link aborted} as soon as the signal fires. The work itself goes on, for whoever
 * else awaits it; the listener is removed either way so long-lived signals do not collect them.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | typeof aborted> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(aborted);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(aborted);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
