import { isRelevantSearch } from "../agent/tools/document-tools.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Dataset } from "../model/dataset.js";
import type { ToolPart } from "../model/message-part.js";
import type { ModelMessage, ModelToolCall } from "../model-provider/language-model.js";
import { answerPromptVersion } from "../quality/prompt-version.js";
import type { QualityStart } from "../quality/turn-quality.js";
import { agentInstructions } from "./agent-instructions.js";
import type { EngineLease } from "./engine-provider.js";
import { FallbackGate } from "./fallback-gate.js";
import { sessionDatasets, sessionDocuments } from "./session-records.js";
import { storeAnswer } from "./store-answer.js";
import type { TurnInput } from "./turn-input.js";
import {
  answerMetadata,
  answerParts,
  buildAnswerParts,
  newProgress,
  type Progress,
  status,
} from "./turn-progress.js";
import { afterStore, beforeEngine, review, withEngine } from "./turn-quality-steps.js";
import { toolInputForUser, turnTools } from "./turn-tools.js";

export type { TurnDocuments, TurnInput, TurnSettings } from "./turn-input.js";

/** Tool parts beyond this many are not stored, so a long loop cannot outgrow a message's part limit. */
const maxToolParts = 40;

/** What the agent loop leaves for the review: the engine, the session's datasets and the model's schema. */
interface LoopContext {
  engine: SqlEngine;
  datasets: Dataset[];
  schema: string | undefined;
}

/**
 * Runs one turn after its question is stored: the agent loop, then the answer's SQL, table, chart and
 * grounding, then the stored answer. Yields every event but the opening `message`. Whatever happens (a
 * model or store failure, the step cap, an abort, or the consumer leaving early) an answer is stored, so
 * no question is left looking unanswered.
 */
export async function* runTurn(input: TurnInput): AsyncGenerator<ChatEvent, void, undefined> {
  const progress = newProgress();
  progress.promptVersion = answerPromptVersion({ quality: false, verifier: false });
  const startedAt = performance.now();
  input.auditDetails ??= {};
  let settled = false;
  let lease: EngineLease | undefined;
  let start: QualityStart | undefined;
  try {
    let failure: QuarryError | undefined;
    try {
      yield status("planning");
      const datasets = await sessionDatasets(input.store, input.principal, input.session);
      const begun = await beforeEngine(input, datasets, progress);
      if ("events" in begun) yield* begun.events;
      else {
        start = begun.start;
        const loop = yield* agentLoop(input, start, datasets, progress, (acquired) => {
          lease = acquired;
        });
        if (loop && !progress.withoutModel) {
          yield* await review(input, { ...loop, question: start.question }, progress);
        }
      }
      if (progress.final) yield status("charting");
      await buildAnswerParts(progress, input.settings, true);
    } catch (error) {
      failure = turnFailure(error, input.signal);
      // A turn that failed after a successful query still shows that result; a stopped one skips the chart.
      await buildAnswerParts(progress, input.settings, failure.code !== "ABORTED").catch(() => {});
    }
    for (const part of progress.answerParts) yield { type: "part", part };
    const events = await finish(input, progress, failure);
    settled = true;
    const done = events.find((e) => e.type === "done");
    if (done?.type === "done") await afterStore(input, start, progress, done.message, startedAt);
    yield* events;
  } finally {
    await lease?.release().catch(() => {});
    // The consumer stopped reading mid-turn (a closed connection, a `break`): the answer still gets stored.
    if (!settled) {
      await storeAnswer(
        answerContext(input, progress),
        answerParts(progress),
        answerMetadata(input, progress),
        progress.usage,
        {
          code: "ABORTED",
          message: "The answer was stopped before it finished.",
        },
      ).catch(() => {});
    }
  }
}

/**
 * The loop of model calls and tool calls; hands over the engine lease at once, for the caller to release.
 * Returns what the review needs, or undefined when the quality features answered (a question asked back).
 */
async function* agentLoop(
  input: TurnInput,
  start: QualityStart,
  datasets: Dataset[],
  progress: Progress,
  onLease: (lease: EngineLease) => void,
): AsyncGenerator<ChatEvent, LoopContext | undefined, undefined> {
  const { store, model, principal, session, settings, signal } = input;
  const lease = await input.engines.acquire({ principal, session, datasets, ...(signal ? { signal } : {}) });
  onLease(lease);
  const { engine } = lease;
  progress.dialect = engine.dialect;
  const tables = await engine.listTables();
  const prepared = await withEngine(input, start, { engine, tables, datasets }, progress);
  if ("events" in prepared) {
    yield* prepared.events;
    return undefined;
  }
  const { prompt } = prepared;
  const documents = input.documents
    ? await sessionDocuments(store, principal, session, { processedOnly: true })
    : [];
  const tools = turnTools(input, engine, datasets, documents);
  const system = agentInstructions({
    dialect: engine.dialect,
    tables,
    modelRows: settings.modelRows,
    ...(settings.instructions ? { extra: settings.instructions } : {}),
    ...(input.documents && documents.length > 0
      ? { documents: { files: documents, fallback: input.documents.fallback } }
      : {}),
    ...(prompt.schema ? { schema: prompt.schema } : {}),
    sections: prompt.sections,
    now: input.now(),
  });
  const messages: ModelMessage[] = [
    { role: "system", content: system },
    ...input.history,
    { role: "user", content: prepared.question },
  ];
  const context: LoopContext = { engine, datasets, schema: prompt.schema };

  let lastSqlFailed = false;
  let gate: FallbackGate | undefined;
  for (let step = 0; ; step++) {
    if (step >= settings.maxSteps) {
      throw new QuarryError(
        "STEP_LIMIT",
        `The model was still calling tools after ${settings.maxSteps} steps, so the answer was stopped. Try a more specific question.`,
      );
    }
    if (step > 0) yield status(progress.final || progress.searches > 0 ? "answering" : "planning");
    let stepText = "";
    let shownText = "";
    // Text of an earlier step ("Let me look at the tables.") stays, set apart from this step's.
    const show = (text: string): ChatEvent[] => {
      if (text === "") return [];
      const delta = shownText === "" && progress.text !== "" ? `\n\n${text}` : text;
      shownText += text;
      progress.text += delta;
      return [{ type: "text-delta", delta }];
    };
    // After searches that found nothing relevant the answer must open with the fallback; a later relevant
    // search lifts that, unless the opening was already shown.
    const fallback = input.documents?.fallback;
    if (!gate?.settled) {
      gate =
        fallback && progress.searches > 0 && !progress.relevant
          ? (gate ?? new FallbackGate(fallback))
          : undefined;
    }
    const calls: ModelToolCall[] = [];
    for await (const part of model.doStream({
      messages,
      tools: tools.definitions,
      ...(signal ? { signal } : {}),
    })) {
      if (part.type === "text-delta") {
        stepText += part.delta;
        yield* show(gate ? gate.push(part.delta) : part.delta);
      } else if (part.type === "tool-call") {
        calls.push({ id: part.id, name: part.name, input: part.input });
      } else if (part.type === "finish") {
        progress.usage.inputTokens += part.usage.inputTokens;
        progress.usage.outputTokens += part.usage.outputTokens;
      } else if (part.type === "error") {
        throw new QuarryError(part.error.code, part.error.message, {
          retryable: part.error.retryable,
          ...(part.error.retryAfterSeconds === undefined
            ? {}
            : { retryAfterSeconds: part.error.retryAfterSeconds }),
        });
      }
    }
    if (gate) yield* show(gate.flush());
    if (calls.length === 0) return context;

    messages.push({ role: "assistant", content: stepText, toolCalls: calls });
    // Parallel calls run one after another: they share one engine, and the trace keeps the model's order.
    for (const call of calls) {
      if (call.name === "run_sql") yield status(lastSqlFailed ? "repairing" : "querying");
      if (tools.isSearch(call.name)) yield status("retrieving");
      const outcome = await tools.call(call.name, call.input);
      const part: ToolPart = {
        type: "tool",
        toolCallId: call.id.slice(0, 128),
        name: call.name.slice(0, 256),
        input: toolInputForUser(call.input),
        output: outcome.forUser,
        isError: !outcome.ok,
        durationMs: outcome.durationMs,
      };
      if (progress.toolParts.length < maxToolParts) progress.toolParts.push(part);
      yield { type: "part", part };
      messages.push({
        role: "tool",
        toolCallId: call.id,
        toolName: call.name,
        content: outcome.forModel,
        isError: !outcome.ok,
      });
      if (call.name === "run_sql") {
        lastSqlFailed = !outcome.ok;
        if (outcome.ok && outcome.result && outcome.sql !== undefined) {
          if (!outcome.exploratory) progress.final = { sql: outcome.sql, result: outcome.result };
          progress.results.push(outcome.result);
        }
      }
      if (outcome.hits) {
        progress.searches += 1;
        progress.relevant ||= isRelevantSearch(outcome.hits);
        progress.hits.push(...outcome.hits);
      }
    }
  }
}

function turnFailure(error: unknown, signal: AbortSignal | undefined): QuarryError {
  if (signal?.aborted) return new QuarryError("ABORTED", "The answer was stopped.", { cause: error });
  return QuarryError.from(error);
}

/** What storing the answer needs, with the prompt version the turn used. */
function answerContext(input: TurnInput, progress: Progress) {
  return progress.promptVersion ? { ...input, promptVersion: progress.promptVersion } : input;
}

/** Stores the answer (with the failure, if any) and returns the closing events. */
async function finish(
  input: TurnInput,
  progress: Progress,
  failure: QuarryError | undefined,
): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  const error = failure ? { code: failure.code, message: failure.message } : undefined;
  if (error) events.push({ type: "part", part: { type: "error", ...error } });
  try {
    const message = await storeAnswer(
      answerContext(input, progress),
      answerParts(progress),
      answerMetadata(input, progress),
      progress.usage,
      error,
    );
    events.push({ type: "done", message });
  } catch (storeError) {
    const stored = QuarryError.from(storeError, "STORAGE_ERROR");
    events.push({ type: "error", error: { code: stored.code, message: stored.message } });
  }
  return events;
}
