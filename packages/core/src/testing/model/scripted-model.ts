import { aborted, untilAborted } from "../../errors/until-aborted.js";
import type {
  LanguageModel,
  ModelCallOptions,
  ModelStreamPart,
} from "../../model-provider/language-model.js";
import {
  abortedPart,
  failurePart,
  type ModelErrorPart,
  modelErrorPart,
  streamFailurePart,
} from "../../model-provider/model-errors.js";
import {
  argumentsText,
  finishOf,
  isErrorReply,
  isHang,
  type MockErrorReply,
  type MockReply,
  type MockResponse,
  pieces,
  usageOf,
} from "./script.js";

/** What a function script of {@link createScriptedModel} is asked: which call this is, and its options. */
export interface ScriptedModelRequest {
  /** The call's position among this model's calls: 0, 1, … */
  call: number;
  /** The options `doStream` was called with. */
  options: ModelCallOptions;
}

/**
 * What a scripted model answers: one response for every call, an array of per-call responses (call `n`
 * gets `script[n]`), or a function of the request. The responses are the mock LLM server's.
 */
export type ScriptedModelScript =
  | MockResponse
  | readonly MockResponse[]
  | ((request: ScriptedModelRequest) => MockResponse | Promise<MockResponse>);

/** Options of {@link createScriptedModel}. */
export interface ScriptedModelOptions {
  script: ScriptedModelScript;
  /** The model's `provider`, also named in error messages. Default `scripted`. */
  provider?: string;
  /** The model's `modelId`. Default `scripted-model`. */
  modelId?: string;
}

/** A {@link LanguageModel} that answers from a script, with the options of every call it got. */
export interface ScriptedModel extends LanguageModel {
  /** Every call's options, in call order (each with its own copy of the `messages` array). */
  readonly calls: readonly ModelCallOptions[];
}

/**
 * An in-process `LanguageModel` that answers from a script, without HTTP and without waiting: for tests and
 * benchmarks of the chat pipeline, and for your own tests of code that takes a model. It speaks the mock
 * LLM server's script (see `createMockLlmServer`), minus the wire:
 *
 * - a reply streams its text as `text-delta` parts of `chunkSize` characters, then each tool call as
 *   `tool-call-delta` parts and a `tool-call`, then `finish` with the scripted (or estimated) usage;
 *   `delayMs` waits between parts; `dropAfterChunks` and `streamErrorAfterChunks` end it after that many
 *   parts with a broken-connection or an in-stream server error (both `LLM_UNAVAILABLE`);
 * - an error reply (`{ status, retryAfter, message }`) becomes the `error` part an HTTP adapter gives for
 *   that status once its retries are spent (429 → `LLM_RATE_LIMITED`, 408/409/5xx → `LLM_UNAVAILABLE`,
 *   other statuses → `LLM_ERROR`); there are no retries, one call takes one response;
 * - a hang waits until the call's signal aborts.
 *
 * Aborting the signal ends the stream with an `ABORTED` part. A call beyond the end of an array script, or a
 * script function that throws, ends with an `LLM_ERROR` part saying so. Tool calls without an `id` get
 * `call_{call}_{index}`.
 *
 * @example
 * ```ts
 * const model = createScriptedModel({
 *   script: [
 *     { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT count(*) AS n FROM sales" } }] },
 *     { text: "There are 42 sales." },
 *   ],
 * });
 * const quarry = createQuarry({ store, blobs, engine, model });
 * // … after a turn:
 * model.calls[1]?.messages.at(-1); // the tool result the model was sent
 * ```
 */
export function createScriptedModel(options: ScriptedModelOptions): ScriptedModel {
  const provider = options.provider ?? "scripted";
  const modelId = options.modelId ?? "scripted-model";
  const calls: ModelCallOptions[] = [];
  return {
    provider,
    modelId,
    calls,
    doStream(callOptions: ModelCallOptions): AsyncIterable<ModelStreamPart> {
      const call = calls.length;
      calls.push({ ...callOptions, messages: [...callOptions.messages] });
      return stream(provider, options.script, { call, options: callOptions });
    },
  };
}

async function* stream(
  provider: string,
  script: ScriptedModelScript,
  request: ScriptedModelRequest,
): AsyncGenerator<ModelStreamPart> {
  const { signal } = request.options;
  if (signal?.aborted) {
    yield abortedPart();
    return;
  }
  let response: MockResponse | ModelErrorPart | typeof aborted;
  try {
    response = await untilAborted(responseFor(provider, script, request), signal);
  } catch (error) {
    response = modelErrorPart(
      "LLM_ERROR",
      `Scripted model: the script failed: ${error instanceof Error ? error.message : String(error)}`,
      { retryable: false },
    );
  }
  if (response === aborted || signal?.aborted) {
    yield abortedPart();
    return;
  }
  if ("type" in response) {
    yield response;
    return;
  }
  if (isHang(response)) {
    await untilAborted(new Promise<never>(() => {}), signal);
    yield abortedPart();
    return;
  }
  if (isErrorReply(response)) {
    yield errorReplyPart(provider, response);
    return;
  }
  yield* replyParts(provider, response, request);
}

/** The script's response to a call, or an error part when the script has none. */
async function responseFor(
  provider: string,
  script: ScriptedModelScript,
  request: ScriptedModelRequest,
): Promise<MockResponse | ModelErrorPart> {
  if (typeof script === "function") return script(request);
  if (!Array.isArray(script)) return script as MockResponse;
  const responses = script as readonly MockResponse[];
  return (
    responses[request.call] ??
    modelErrorPart(
      "LLM_ERROR",
      `The ${provider} model's script ran out: it has ${responses.length} responses, but this is call #${request.call + 1}.`,
      { retryable: false },
    )
  );
}

/** The parts of a successful reply, stopping early for an abort or a scripted failure. */
async function* replyParts(
  provider: string,
  reply: MockReply,
  request: ScriptedModelRequest,
): AsyncGenerator<ModelStreamPart> {
  const { signal } = request.options;
  const size = reply.chunkSize ?? 6;
  const body: ModelStreamPart[] = pieces(reply.text ?? "", size).map((delta) => ({
    type: "text-delta",
    delta,
  }));
  (reply.toolCalls ?? []).forEach((toolCall, index) => {
    const id = toolCall.id ?? `call_${request.call}_${index}`;
    const input = argumentsText(toolCall);
    for (const delta of pieces(input, size)) {
      body.push({ type: "tool-call-delta", id, name: toolCall.name, delta });
    }
    body.push({ type: "tool-call", id, name: toolCall.name, input });
  });

  body.push({
    type: "finish",
    finishReason: finishOf(reply),
    usage: usageOf(reply, { messages: request.options.messages }),
  });

  for (let i = 0; i < body.length; i++) {
    if (i === reply.dropAfterChunks) {
      yield streamFailurePart(provider, new Error("the scripted connection dropped"));
      return;
    }
    if (i === reply.streamErrorAfterChunks) {
      yield failurePart(provider, {
        providerType: "server_error",
        providerMessage: "The scripted stream failed.",
      });
      return;
    }
    if (i > 0 && reply.delayMs) await untilAborted(sleep(reply.delayMs), signal);
    if (signal?.aborted) {
      yield abortedPart();
      return;
    }
    yield body[i]!;
  }
}

/** The part an HTTP adapter ends with for this status, after its retries. */
function errorReplyPart(provider: string, reply: MockErrorReply): ModelErrorPart {
  const headers = new Headers(reply.headers);
  if (reply.retryAfter !== undefined) headers.set("retry-after", String(reply.retryAfter));
  return failurePart(provider, {
    status: reply.status,
    ...(reply.message === undefined ? {} : { providerMessage: reply.message }),
    headers,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
