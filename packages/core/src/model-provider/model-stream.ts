import type { ModelStreamPart } from "./language-model.js";
import { abortedPart, type ModelErrorPart, redactPart, timeoutPart } from "./model-errors.js";

/** Turns one provider's stream events into parts; one instance per call, as it keeps the call's state. */
export interface StreamTranslator<Event> {
  /** The parts one provider event adds (often none). */
  push(event: Event): ModelStreamPart[];
  /**
   * The closing part once the provider's stream has ended: `finish`, or an error part when the response
   * stopped before its end (a proxy that closed the connection cleanly still lost the answer's tail).
   */
  end(): ModelStreamPart;
  /** True once the provider said why it stopped, so a connection lost after that still ends in `finish`. */
  readonly complete: boolean;
}

/** One streaming call, as {@link runModelStream} drives it. */
export interface ModelStreamRun<Event> {
  /** For messages, e.g. `OpenAI`. */
  provider: string;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The longest wait for the next event once the stream has started (the SDKs time only the response's start). */
  timeoutMs: number;
  /** Starts the SDK call; aborting `signal` must cancel it. */
  start(signal: AbortSignal): PromiseLike<AsyncIterable<Event>>;
  translator: StreamTranslator<Event>;
  /** Maps anything the SDK threw to an error part. */
  classify(error: unknown): ModelErrorPart;
  /** Values that must never appear in an error message (the API key). */
  secrets: readonly (string | undefined)[];
}

const interrupted = Symbol("interrupted");

/**
 * Drives an SDK stream and keeps the port's promises whatever the SDK does: the iterable ends with exactly
 * one `finish` or `error` part; an abort ends it at once (the SDKs wait out a retry's backoff before they
 * look at the signal, and end their stream silently when aborted); a stream that stalls ends after
 * `timeoutMs` (the SDKs' own timeout stops once the response's headers have arrived); and leaving the loop
 * early cancels the request.
 */
export async function* runModelStream<Event>(run: ModelStreamRun<Event>): AsyncGenerator<ModelStreamPart> {
  if (run.signal?.aborted) {
    yield abortedPart();
    return;
  }
  const controller = new AbortController();
  let reason: "abort" | "timeout" | undefined;
  let wake: (value: typeof interrupted) => void = () => {};
  const interruption = new Promise<typeof interrupted>((resolve) => {
    wake = resolve;
  });
  const interrupt = (why: "abort" | "timeout") => {
    if (reason) return;
    reason = why;
    controller.abort();
    wake(interrupted);
  };
  const onAbort = () => interrupt("abort");
  run.signal?.addEventListener("abort", onAbort, { once: true });
  const interruptedPart = () =>
    reason === "timeout" ? timeoutPart(run.provider, run.timeoutMs) : abortedPart();

  let timer: ReturnType<typeof setTimeout> | undefined;
  let iterator: AsyncIterator<Event> | undefined;
  let ended = false;
  try {
    let terminal: ModelStreamPart;
    try {
      const iterable = await Promise.race([run.start(controller.signal), interruption]);
      if (iterable === interrupted) {
        ended = true;
        yield interruptedPart();
        return;
      }
      iterator = iterable[Symbol.asyncIterator]();
      for (;;) {
        if (reason) break;
        timer = setTimeout(() => interrupt("timeout"), run.timeoutMs);
        const next = await Promise.race([iterator.next(), interruption]);
        // Time the server only: the consumer may take as long as it likes with the parts.
        clearTimeout(timer);
        if (next === interrupted || reason || next.done) break;
        for (const part of run.translator.push(next.value)) yield part;
      }
      terminal = reason ? interruptedPart() : run.translator.end();
    } catch (error) {
      if (reason) terminal = interruptedPart();
      else if (run.translator.complete) terminal = run.translator.end();
      else terminal = redactPart(run.classify(error), run.secrets);
    }
    ended = true;
    yield terminal;
  } finally {
    clearTimeout(timer);
    run.signal?.removeEventListener("abort", onAbort);
    // The consumer left early or the call failed: cancel the request rather than let it run on.
    if (!ended || reason) controller.abort();
    iterator?.return?.()?.catch(() => {});
  }
}
