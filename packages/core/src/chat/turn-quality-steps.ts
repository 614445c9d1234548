import type { SqlEngine, TableInfo } from "../engine/sql-engine.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Metadata } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import { rememberTurn, reviewAnswer } from "../quality/answer-review.js";
import { answerPromptVersion } from "../quality/prompt-version.js";
import {
  type QualityPrompt,
  type QualityReply,
  type QualityStart,
  questionForModel,
  startTurnQuality,
  turnPrompt,
} from "../quality/turn-quality.js";
import { sessionDocuments } from "./session-records.js";
import type { TurnInput } from "./turn-input.js";
import type { Progress } from "./turn-progress.js";
import { auditBase } from "./turn-tools.js";

/**
 * How a turn meets the quality features (packages/core/src/quality): before the engine, with it, after the
 * agent loop, and once the answer is stored. What acted goes into the turn's audit details: on every query
 * the turn runs, and on one entry of its own when no query ran (a declined request, a cache hit, a question
 * asked back) or when the review acted (the verifier ran, or the result lowered the confidence).
 */

/** The turn's audit details, shared with the audit of its queries. */
function details(input: TurnInput): Metadata {
  input.auditDetails ??= {};
  return input.auditDetails;
}

/** A reply of the quality features as the turn's answer, and the events that show it. */
function reply(input: TurnInput, progress: Progress, answer: QualityReply): ChatEvent[] {
  Object.assign(details(input), answer.details);
  progress.metadata = { ...progress.metadata, ...answer.metadata };
  progress.withoutModel = true;
  progress.promptVersion = answerPromptVersion({ quality: true, verifier: input.quality.settings.verifier });
  const text = answer.parts
    .filter((p) => p.type === "text")
    .map((p) => p.text)
    .join("\n\n");
  const events: ChatEvent[] = text === "" ? [] : [{ type: "text-delta", delta: text }];
  if (answer.parts.some((p) => p.type !== "text")) {
    progress.replayed = answer.parts;
    for (const part of answer.parts) if (part.type !== "text") events.push({ type: "part", part });
  } else {
    progress.text = text;
  }
  return events;
}

/**
 * Before the engine: a request to change data is declined, an identical question answered from the cache,
 * a follow-up resolved. Returns the events of a reply (the turn is then answered) or the start to go on with.
 */
export async function beforeEngine(
  input: TurnInput,
  datasets: readonly Dataset[],
  progress: Progress,
): Promise<{ events: ChatEvent[] } | { start: QualityStart }> {
  const documents = await sessionDocuments(input.store, input.principal, input.session);
  const start = await startTurnQuality(input.quality, {
    ...turnQualityInput(input, datasets),
    ...(documents.length > 0
      ? { documents: documents.map((d) => ({ id: d.id, updatedAt: d.updatedAt })) }
      : {}),
  });
  if (start.type === "reply") return { events: reply(input, progress, start) };
  Object.assign(details(input), start.details);
  delete details(input).cache;
  if (start.question !== input.questionText)
    progress.metadata.resolvedQuestion = start.question.slice(0, 2_000);
  return { start };
}

function turnQualityInput(input: TurnInput, datasets: readonly Dataset[]) {
  return {
    store: input.store,
    principal: input.principal,
    session: input.session,
    questionText: input.questionText,
    earlier: input.earlier,
    datasets,
    model: input.model,
    ...(input.fresh ? { fresh: true } : {}),
    ...(input.settings.instructions ? { instructions: input.settings.instructions } : {}),
  };
}

/**
 * With the engine: an ambiguous question is asked back (the events of that reply), else the prompt's
 * sections and schema, and the question the model is sent.
 */
export async function withEngine(
  input: TurnInput,
  start: QualityStart,
  context: { engine: SqlEngine; tables: readonly TableInfo[]; datasets: readonly Dataset[] },
  progress: Progress,
): Promise<{ events: ChatEvent[] } | { prompt: QualityPrompt; question: string }> {
  const prompt = await turnPrompt(input.quality, start, {
    ...turnQualityInput(input, context.datasets),
    engine: context.engine,
    tables: context.tables,
    modelRows: input.settings.modelRows,
  });
  if (prompt.type === "reply") return { events: reply(input, progress, prompt) };
  Object.assign(details(input), prompt.details);
  const used = prompt.used || start.followUp !== undefined || start.clarified;
  progress.promptVersion = answerPromptVersion({ quality: used, verifier: false });
  return { prompt, question: questionForModel(input.model, input.questionText, start) };
}

/**
 * After the agent loop: the verifier and the sanity checks over the final query. Returns the events that
 * show the notes they add to the answer.
 */
export async function review(
  input: TurnInput,
  context: { engine: SqlEngine; datasets: readonly Dataset[]; question: string; schema?: string },
  progress: Progress,
): Promise<ChatEvent[]> {
  const started = performance.now();
  const checked = await reviewAnswer(input.quality, {
    model: input.model,
    question: context.question,
    final: progress.final,
    engine: context.engine,
    queryOptions: {
      maxRows: input.settings.queryMaxRows,
      timeoutMs: input.settings.queryTimeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
    },
    datasets: context.datasets,
    modelRows: input.settings.modelRows,
    ...(context.schema ? { schema: context.schema } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  progress.usage.inputTokens += checked.usage.inputTokens;
  progress.usage.outputTokens += checked.usage.outputTokens;
  if (checked.final && checked.final !== progress.final) progress.results.push(checked.final.result);
  progress.final = checked.final;
  progress.metadata = { ...progress.metadata, ...checked.metadata };
  if (checked.verified) {
    progress.promptVersion = answerPromptVersion({ quality: true, verifier: true });
  }
  const acted = checked.verified || (checked.metadata.confidence ?? "high") !== "high";
  if (acted) {
    await input.store.audit.append(input.principal, {
      ...auditBase(input),
      sql: progress.final?.sql ?? null,
      ok: true,
      rowCount: progress.final?.result.rowCount ?? null,
      durationMs: performance.now() - started,
      usage: checked.usage,
      details: { ...details(input), ...checked.details },
    });
  }
  Object.assign(details(input), checked.details);
  const events: ChatEvent[] = [];
  for (const note of checked.notes) {
    progress.notes.push(note);
    events.push({
      type: "text-delta",
      delta: progress.text === "" && events.length === 0 ? note : `\n\n${note}`,
    });
  }
  return events;
}

/**
 * Once the answer is stored: a turn answered without a query gets its audit entry, the session memory takes
 * the turn, and a sound answer is cached.
 */
export async function afterStore(
  input: TurnInput,
  start: QualityStart | undefined,
  progress: Progress,
  answer: Message,
  startedAt: number,
): Promise<void> {
  if (progress.withoutModel) {
    await input.store.audit
      .append(input.principal, {
        ...auditBase(input),
        sql: null,
        ok: !answer.parts.some((p) => p.type === "error"),
        rowCount: null,
        durationMs: performance.now() - startedAt,
        details: details(input),
      })
      .catch(() => {});
  }
  await rememberTurn(input.quality, {
    store: input.store,
    principal: input.principal,
    sessionId: input.session.id,
    questionText: input.questionText,
    start,
    answer,
  });
}
