import { QuarryError } from "../errors/quarry-error.js";
import type { ChatEvent } from "../model/chat-event.js";
import { limits as modelLimits } from "../model/common.js";
import { FeedbackInputSchema } from "../model/feedback.js";
import type { Message } from "../model/message.js";
import { textOfParts } from "../model/message-part.js";
import { type Principal, PrincipalSchema } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import { createQualityRuntime } from "../quality/turn-quality.js";
import { historyForModel, threadOf } from "./conversation.js";
import { isEngineProvider, sharedEngine } from "./engine-provider.js";
import { exportAnswer } from "./export-answer.js";
import { quarryGlossary, quarryInsights, quarryMemory } from "./quality-facades.js";
import { quarryDocuments } from "./quarry-documents.js";
import type { CallOptions, ChatOptions, Quarry, QuarryOptions } from "./quarry-types.js";
import { runTurn, type TurnSettings } from "./run-turn.js";
import { titleFromModel, titleFromQuestion } from "./session-title.js";
import { modelOfTurn, turnModels } from "./turn-models.js";

const defaults = {
  maxSteps: 8,
  tableRows: 1_000,
  queryMaxRows: 10_000,
  queryTimeoutMs: 30_000,
  historyMessages: 20,
  exportMaxRows: 100_000,
  modelRows: 20,
} as const;

/** The most messages read to rebuild a conversation. */
const maxMessagesRead = 10_000;

function positiveInt(
  name: string,
  value: number | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new QuarryError("INVALID_INPUT", `${name} must be an integer from 0 to ${max}; got ${value}.`);
  }
  return value;
}

/**
 * Creates the chat pipeline over a store, a blob store, a language model and an engine. Give `models` too
 * and each turn may choose one of them by id (`ChatOptions.model`); `model` stays the default.
 *
 * @example
 * ```ts
 * const quarry = createQuarry({
 *   store, blobs, principal,
 *   model: createOpenAIModel({ model: "gpt-4.1-mini" }),
 *   models: { "anthropic:claude-sonnet-4": createAnthropicModel({ model: "claude-sonnet-4" }) },
 *   engine: createDuckDbEngineProvider({ blobs }),
 * });
 * const session = await store.sessions.create(principal, { datasetIds: [dataset.id] });
 * for await (const event of quarry.chat(session.id, "Total sales by region?")) {
 *   if (event.type === "text-delta") process.stdout.write(event.delta);
 *   if (event.type === "done") console.log(event.message.parts);
 * }
 * // The same question answered by the other model:
 * quarry.chat(session.id, "Total sales by region?", { model: "anthropic:claude-sonnet-4" });
 * ```
 */
export function createQuarry(options: QuarryOptions): Quarry {
  const { store, model } = options;
  const models = turnModels(model, options.models);
  const engines = isEngineProvider(options.engine) ? options.engine : sharedEngine(options.engine);
  const limits = options.limits ?? {};
  const settings: TurnSettings = {
    maxSteps: positiveInt("limits.maxSteps", limits.maxSteps, defaults.maxSteps, 100) || 1,
    tableRows: positiveInt("limits.tableRows", limits.tableRows, defaults.tableRows, modelLimits.tableRows),
    queryMaxRows: positiveInt("limits.queryMaxRows", limits.queryMaxRows, defaults.queryMaxRows) || 1,
    queryTimeoutMs: positiveInt("limits.queryTimeoutMs", limits.queryTimeoutMs, defaults.queryTimeoutMs) || 1,
    modelRows: positiveInt("privacy.modelRows", options.privacy?.modelRows, defaults.modelRows, 10_000),
    instructions: options.instructions,
  };
  const historyMessages = positiveInt(
    "limits.historyMessages",
    limits.historyMessages,
    defaults.historyMessages,
  );
  const exportMaxRows =
    positiveInt("limits.exportMaxRows", limits.exportMaxRows, defaults.exportMaxRows) || 1;
  const titles = options.titles ?? "question";
  if (options.principal !== undefined) principalOf(options.principal);
  // One turn at a time per session in this process: two would interleave their answers.
  const running = new Set<string>();
  const documents = quarryDocuments(options, principalOf);
  const quality = createQualityRuntime(store, options.quality);
  const facades = { store, blobs: options.blobs, engines, principalOf };

  function principalOf(given: Principal | undefined): Principal {
    const parsed = PrincipalSchema.safeParse(given ?? options.principal);
    if (!parsed.success) {
      throw new QuarryError(
        "INVALID_INPUT",
        given === undefined && options.principal === undefined
          ? "No principal: pass `principal` to this call or to createQuarry."
          : "Invalid principal.",
      );
    }
    return parsed.data;
  }

  async function sessionOf(principal: Principal, sessionId: string): Promise<Session> {
    const session = typeof sessionId === "string" ? await store.sessions.get(principal, sessionId) : null;
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    return session;
  }

  async function threadBefore(
    principal: Principal,
    sessionId: string,
    beforeSeq?: number,
  ): Promise<Message[]> {
    const messages = await store.messages.list(principal, sessionId, { limit: maxMessagesRead });
    const thread = threadOf(messages);
    return beforeSeq === undefined ? thread : thread.filter((m) => m.seq < beforeSeq);
  }

  /** The turn around a stored question: the lock, the title, and the answer. */
  async function* turn(
    principal: Principal,
    session: Session,
    question: Message,
    earlier: Message[],
    turnModel: LanguageModel,
    signal: AbortSignal | undefined,
    mayTitle: boolean,
  ): AsyncGenerator<ChatEvent, void, undefined> {
    const questionText = textOfParts(question.parts);
    const isFirst = mayTitle && earlier.length === 0 && session.title === "";
    if (isFirst && titles === "question") {
      // A failed title write must not cost the question its answer.
      await store.sessions
        .update(principal, session.id, { title: titleFromQuestion(questionText) })
        .catch(() => {});
    }
    yield* runTurn({
      store,
      model: turnModel,
      engines,
      principal,
      session,
      question,
      questionText,
      history: historyForModel(earlier, historyMessages),
      earlier,
      quality,
      // An edited (or regenerated) question asks for a new answer, never the cached one.
      fresh: !mayTitle,
      settings,
      documents: documents.turn,
      signal,
      now: () => new Date(),
    });
    if (isFirst && titles === "model") {
      const title = await titleFromModel(turnModel, questionText, signal);
      await store.sessions.update(principal, session.id, { title }).catch(() => {});
    }
  }

  function checkText(text: string): string {
    if (typeof text !== "string" || text.trim() === "") {
      throw new QuarryError("INVALID_INPUT", "The question is empty.");
    }
    if (text.length > modelLimits.textLength) {
      throw new QuarryError(
        "INVALID_INPUT",
        `The question is longer than ${modelLimits.textLength} characters.`,
      );
    }
    return text;
  }

  /** Holds the session's turn lock around a turn; refuses a second turn while one runs. */
  async function* locked(
    principal: Principal,
    sessionId: string,
    body: () => AsyncGenerator<ChatEvent, void, undefined>,
  ): AsyncGenerator<ChatEvent, void, undefined> {
    const key = `${principal.tenantId}\u0000${principal.userId}\u0000${sessionId}`;
    if (running.has(key)) {
      throw new QuarryError(
        "CONFLICT",
        "A question is already being answered in this session; wait for it or stop it.",
      );
    }
    running.add(key);
    try {
      yield* body();
    } finally {
      running.delete(key);
    }
  }

  return {
    store,
    blobs: options.blobs,
    model,
    models: models.byId,
    defaultModelId: models.defaultId,
    engines,
    documents: documents.documents,
    memory: quarryMemory(facades),
    glossary: quarryGlossary(facades),
    insights: quarryInsights(facades),

    async *chat(sessionId: string, text: string, chatOptions: ChatOptions = {}) {
      const principal = principalOf(chatOptions.principal);
      const questionText = checkText(text);
      const turnModel = modelOfTurn(models, model, chatOptions.model);
      const session = await sessionOf(principal, sessionId);
      yield* locked(principal, session.id, async function* () {
        const earlier = await threadBefore(principal, session.id);
        const question = await store.messages.append(principal, session.id, {
          role: "user",
          parts: [{ type: "text", text: questionText }],
        });
        yield { type: "message", message: question };
        yield* turn(principal, session, question, earlier, turnModel, chatOptions.signal, true);
      });
    },

    async *editMessage(sessionId: string, messageId: string, text: string, chatOptions: ChatOptions = {}) {
      const principal = principalOf(chatOptions.principal);
      const questionText = checkText(text);
      const turnModel = modelOfTurn(models, model, chatOptions.model);
      const session = await sessionOf(principal, sessionId);
      yield* locked(principal, session.id, async function* () {
        const original = await store.messages.get(principal, messageId);
        if (!original || original.sessionId !== session.id)
          throw new QuarryError("NOT_FOUND", "No such message.");
        if (original.role !== "user") {
          throw new QuarryError("INVALID_INPUT", "Only the user's own questions can be edited.");
        }
        const earlier = await threadBefore(principal, session.id, original.seq);
        const question = await store.messages.edit(principal, original.id, {
          parts: [{ type: "text", text: questionText }],
        });
        yield { type: "message", message: question };
        // Editing the first question does not retitle: the user may have renamed the session since.
        yield* turn(principal, session, question, earlier, turnModel, chatOptions.signal, false);
      });
    },

    async thread(sessionId: string, callOptions: CallOptions = {}) {
      const principal = principalOf(callOptions.principal);
      const session = await sessionOf(principal, sessionId);
      return threadBefore(principal, session.id);
    },

    async feedback(input, callOptions: CallOptions = {}) {
      const principal = principalOf(callOptions.principal);
      const parsed = FeedbackInputSchema.safeParse(input);
      if (!parsed.success) throw new QuarryError("INVALID_INPUT", "Invalid feedback.");
      const message = await store.messages.get(principal, parsed.data.messageId);
      if (!message) throw new QuarryError("NOT_FOUND", "No such message.");
      if (message.role !== "assistant") {
        throw new QuarryError("INVALID_INPUT", "Feedback is given on answers, not on questions.");
      }
      return store.feedback.upsert(principal, parsed.data);
    },

    async exportMessage(messageId, format, callOptions: CallOptions = {}) {
      const principal = principalOf(callOptions.principal);
      return exportAnswer({ store, engines, principal, messageId, format, maxRows: exportMaxRows });
    },

    async close() {
      await engines.close();
    },
  };
}
