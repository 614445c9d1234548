import { createDataTools, type DataToolAuditEntry } from "../agent/tools/data-tools.js";
import type { QueryResult, SqlEngine } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { ChatEvent, TurnStatus } from "../model/chat-event.js";
import type { Json, Metadata } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Message, Usage } from "../model/message.js";
import type { MessagePart, ToolPart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { LanguageModel, ModelMessage, ModelToolCall } from "../model-provider/language-model.js";
import type { Store } from "../store/store.js";
import { agentInstructions } from "./agent-instructions.js";
import { chartPart, sqlPart, tablePart, ungroundedNumbers } from "./answer-parts.js";
import type { EngineLease, EngineProvider } from "./engine-provider.js";
import { storeAnswer } from "./store-answer.js";

/** The settings of a turn, with every default filled in. */
export interface TurnSettings {
  maxSteps: number;
  tableRows: number;
  queryMaxRows: number;
  queryTimeoutMs: number;
  modelRows: number;
  instructions: string | undefined;
}

/** Everything one turn works with. */
export interface TurnInput {
  store: Store;
  model: LanguageModel;
  engines: EngineProvider;
  principal: Principal;
  session: Session;
  /** The stored question this turn answers. */
  question: Message;
  questionText: string;
  /** Earlier conversation, oldest first. */
  history: ModelMessage[];
  settings: TurnSettings;
  signal: AbortSignal | undefined;
  now: () => Date;
}

/** Tool parts beyond this many are not stored, so a long loop cannot outgrow a message's part limit. */
const maxToolParts = 40;

/** What the turn has produced so far; a failed turn stores it with its error. */
interface Progress {
  text: string;
  toolParts: ToolPart[];
  answerParts: MessagePart[];
  /** The last successful `run_sql`: the answer's SQL, table and chart come from it. */
  final: { sql: string; result: QueryResult } | undefined;
  results: QueryResult[];
  usage: Usage;
  dialect: SqlEngine["dialect"] | undefined;
}

/**
 * Runs one turn after its question is stored: the agent loop, then the answer's SQL, table, chart and
 * grounding, then the stored answer. Yields every event but the opening `message`. Whatever happens (a
 * model or store failure, the step cap, an abort, or the consumer leaving early) an answer is stored, so
 * no question is left looking unanswered.
 */
export async function* runTurn(input: TurnInput): AsyncGenerator<ChatEvent, void, undefined> {
  const progress: Progress = {
    text: "",
    toolParts: [],
    answerParts: [],
    final: undefined,
    results: [],
    usage: { inputTokens: 0, outputTokens: 0 },
    dialect: undefined,
  };
  let settled = false;
  let lease: EngineLease | undefined;
  try {
    let failure: QuarryError | undefined;
    try {
      yield* agentLoop(input, progress, (acquired) => {
        lease = acquired;
      });
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
    yield* events;
  } finally {
    await lease?.release().catch(() => {});
    // The consumer stopped reading mid-turn (a closed connection, a `break`): the answer still gets stored.
    if (!settled) {
      await storeAnswer(input, answerParts(progress), answerMetadata(input, progress), progress.usage, {
        code: "ABORTED",
        message: "The answer was stopped before it finished.",
      }).catch(() => {});
    }
  }
}

/** The loop of model calls and tool calls; hands over the engine lease at once, for the caller to release. */
async function* agentLoop(
  input: TurnInput,
  progress: Progress,
  onLease: (lease: EngineLease) => void,
): AsyncGenerator<ChatEvent, void, undefined> {
  const { store, model, principal, session, settings, signal } = input;
  yield status("planning");
  const datasets = await sessionDatasets(store, principal, session);
  const lease = await input.engines.acquire({ principal, session, datasets, ...(signal ? { signal } : {}) });
  onLease(lease);
  const { engine } = lease;
  progress.dialect = engine.dialect;
  const tools = createDataTools({
    engine,
    datasets,
    privacy: { modelRows: settings.modelRows },
    limits: { maxRows: settings.queryMaxRows, timeoutMs: settings.queryTimeoutMs },
    audit: (entry) => audit(input, entry),
    ...(signal ? { signal } : {}),
  });
  const system = agentInstructions({
    dialect: engine.dialect,
    tables: await engine.listTables(),
    modelRows: settings.modelRows,
    ...(settings.instructions ? { extra: settings.instructions } : {}),
    now: input.now(),
  });
  const messages: ModelMessage[] = [
    { role: "system", content: system },
    ...input.history,
    { role: "user", content: input.questionText },
  ];

  let lastSqlFailed = false;
  for (let step = 0; ; step++) {
    if (step >= settings.maxSteps) {
      throw new QuarryError(
        "STEP_LIMIT",
        `The model was still calling tools after ${settings.maxSteps} steps, so the answer was stopped. Try a more specific question.`,
      );
    }
    if (step > 0) yield status(progress.final ? "answering" : "planning");
    let stepText = "";
    const calls: ModelToolCall[] = [];
    for await (const part of model.doStream({
      messages,
      tools: tools.definitions,
      ...(signal ? { signal } : {}),
    })) {
      if (part.type === "text-delta") {
        // Text of an earlier step ("Let me look at the tables.") stays, set apart from this step's.
        const delta = stepText === "" && progress.text !== "" ? `\n\n${part.delta}` : part.delta;
        stepText += part.delta;
        progress.text += delta;
        yield { type: "text-delta", delta };
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
    if (calls.length === 0) return;

    messages.push({ role: "assistant", content: stepText, toolCalls: calls });
    // Parallel calls run one after another: they share one engine, and the trace keeps the model's order.
    for (const call of calls) {
      if (call.name === "run_sql") yield status(lastSqlFailed ? "repairing" : "querying");
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
    }
  }
}

/** The answer's SQL, table and (when asked) chart, from the last successful query; once per turn. */
async function buildAnswerParts(
  progress: Progress,
  settings: TurnSettings,
  withChart: boolean,
): Promise<void> {
  const final = progress.final;
  if (!final || !progress.dialect || progress.answerParts.length > 0) return;
  progress.answerParts.push(sqlPart(final.sql, progress.dialect));
  progress.answerParts.push(tablePart(final.result, settings.tableRows));
  const chart = withChart ? await chartPart(final.result) : null;
  if (chart) progress.answerParts.push(chart);
}

/** The session's datasets that still exist, in the session's order. */
async function sessionDatasets(store: Store, principal: Principal, session: Session): Promise<Dataset[]> {
  if (session.datasetIds.length === 0) return [];
  const found = await store.datasets.list(principal, { ids: session.datasetIds });
  const byId = new Map(found.map((d) => [d.id, d]));
  return session.datasetIds.flatMap((id) => {
    const dataset = byId.get(id);
    return dataset && dataset.deletedAt === null ? [dataset] : [];
  });
}

async function audit(input: TurnInput, entry: DataToolAuditEntry): Promise<void> {
  await input.store.audit.append(input.principal, {
    sessionId: input.session.id,
    messageId: input.question.id,
    question: input.questionText,
    sql: entry.sql,
    ok: entry.ok,
    error: entry.error,
    rowCount: entry.rowCount,
    durationMs: entry.durationMs,
    model: input.model.modelId.slice(0, 256),
    provider: input.model.provider.slice(0, 256),
  });
}

/** A tool's arguments as the trace shows them: parsed when they are JSON, else the raw text. */
function toolInputForUser(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw.slice(0, 10_000);
  }
}

function status(value: TurnStatus): ChatEvent {
  return { type: "status", status: value };
}

function turnFailure(error: unknown, signal: AbortSignal | undefined): QuarryError {
  if (signal?.aborted) return new QuarryError("ABORTED", "The answer was stopped.", { cause: error });
  return QuarryError.from(error);
}

/** The stored answer's parts: the trace, the text, then the SQL, table and chart. */
function answerParts(progress: Progress): MessagePart[] {
  const parts: MessagePart[] = [...progress.toolParts];
  if (progress.text.trim() !== "") parts.push({ type: "text", text: progress.text });
  parts.push(...progress.answerParts);
  return parts;
}

function answerMetadata(input: TurnInput, progress: Progress): Metadata {
  const ungrounded = ungroundedNumbers(progress.text, progress.results, input.questionText);
  return ungrounded ? { ungrounded } : {};
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
      input,
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
