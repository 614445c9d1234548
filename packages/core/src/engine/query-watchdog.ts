import { QuarryError } from "../errors/quarry-error.js";

/** Stops a running query when its time is up or its caller aborts. */
export interface QueryWatchdog {
  /** Rejects with `QUERY_TIMEOUT` or `ABORTED` the moment the query must stop; never resolves. */
  readonly stopped: Promise<never>;
  /** The error the query stopped with, once it has. */
  readonly error: QuarryError | undefined;
  /** Throws the stop error if the query must stop; called between engine calls. */
  throwIfStopped(): void;
  /** Clears the timer and listeners; call once the engine call has settled. */
  dispose(): void;
}

/** How long closing an engine waits for its last queries to wind down before it lets go of them. */
export const closeGraceMs = 2_000;

/** How often a stopped query is interrupted again until its engine call settles. */
const reinterruptMs = 100;

/**
 * Watches one query. On timeout or abort it calls `interrupt` and rejects `stopped`, so the caller gets its
 * answer at once even while the engine winds down. The interrupt repeats until {@link QueryWatchdog.dispose}:
 * an interrupt that lands between two engine calls (while JavaScript converts rows) is otherwise lost,
 * because the engine clears the flag when the next call begins.
 */
export function startQueryWatchdog(options: {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  interrupt: () => void;
}): QueryWatchdog {
  const { timeoutMs, signal, interrupt } = options;
  let error: QuarryError | undefined;
  let reject: (reason: QuarryError) => void = () => {};
  const stopped = new Promise<never>((_, fail) => {
    reject = fail;
  });
  // The race in the engine observes `stopped`; this keeps an unobserved rejection from being reported.
  stopped.catch(() => {});
  let repeat: ReturnType<typeof setInterval> | undefined;

  const stop = (reason: QuarryError) => {
    if (error) return;
    error = reason;
    safeInterrupt(interrupt);
    repeat = setInterval(() => safeInterrupt(interrupt), reinterruptMs);
    reject(reason);
  };
  const onAbort = () => stop(new QuarryError("ABORTED", "The query was aborted.", { cause: signal?.reason }));
  const timer = setTimeout(
    () =>
      stop(new QuarryError("QUERY_TIMEOUT", `The query ran longer than ${timeoutMs} ms and was stopped.`)),
    timeoutMs,
  );
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });

  return {
    stopped,
    get error() {
      return error;
    },
    throwIfStopped() {
      if (error) throw error;
    },
    dispose() {
      clearTimeout(timer);
      if (repeat !== undefined) clearInterval(repeat);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

function safeInterrupt(interrupt: () => void): void {
  try {
    interrupt();
  } catch {
    // A connection that has already closed has nothing left to interrupt.
  }
}

/**
 * The query's result with its duration, or, the moment the watchdog fires (or `alsoStop` rejects), its stop
 * error: the caller never waits for an engine to wind down. Other failures go through `toError`.
 */
export async function resultOrStop<R extends object>(
  work: Promise<R>,
  watchdog: QueryWatchdog,
  started: number,
  toError: (error: unknown) => unknown,
  alsoStop: Promise<never>[] = [],
): Promise<R & { durationMs: number }> {
  try {
    const result = await Promise.race([work, watchdog.stopped, ...alsoStop]);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw watchdog.error ?? toError(error);
  }
}

/** Waits until the running queries have settled, or `graceMs` has passed, whichever comes first. */
export async function settleRunning(running: Iterable<Promise<unknown>>, graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((done) => {
    timer = setTimeout(done, graceMs);
  });
  await Promise.race([Promise.allSettled([...running]), grace]);
  clearTimeout(timer);
}
