import type { SqlEngine, TableInfo } from "../engine/sql-engine.js";
import type { Metadata } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import { type MessagePart, textOfParts } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { SessionMemory } from "../model/session-memory.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import type { Store } from "../store/store.js";
import { type AnswerCache, answerCacheKey, createAnswerCache } from "./answer-cache.js";
import { type ClarificationOption, detectAmbiguity, resolveClarificationReply } from "./clarification.js";
import { createFeedbackExamples, type FeedbackExamples } from "./feedback-examples.js";
import { type FollowUp, type PreviousTurn, resolveFollowUp } from "./follow-up.js";
import { declineAnswer, detectDataChange } from "./intent-gate.js";
import { plannerSchemas } from "./planner-schemas.js";
import { examplesSection, focusedSchemaText, glossarySection } from "./prompt-sections.js";
import { answerPromptVersion } from "./prompt-version.js";
import { type QualityOptions, type QualitySettings, qualitySettings } from "./quality-options.js";
import { focusSchema } from "./schema-focus.js";
import { memorySection } from "./session-memory.js";

/**
 * The quality features around a turn, in the order the turn meets them: before the model (the intent gate,
 * follow-up resolution, the answer cache), once the engine is there (clarification, and the prompt's
 * focused schema, glossary, memory and examples), and after the answer (answer-review.ts). Each step says
 * in `details` which features acted, for the turn's audit entry.
 */

/** A pipeline's quality state: its settings, its answer cache and its example finder. */
export interface QualityRuntime {
  readonly settings: QualitySettings;
  readonly cache: AnswerCache | undefined;
  readonly examples: FeedbackExamples | undefined;
}

/** Creates a pipeline's quality state from its options (see {@link QualityOptions}). */
export function createQualityRuntime(store: Store, options?: QualityOptions | false): QualityRuntime {
  const settings = qualitySettings(options);
  return {
    settings,
    cache: settings.cache ? createAnswerCache(settings.cache) : undefined,
    examples: settings.feedbackExamples ? createFeedbackExamples(store) : undefined,
  };
}

/** What the turn knows before it calls the model. */
export interface TurnQualityInput {
  store: Store;
  principal: Principal;
  session: Session;
  /** The question as the user wrote it. */
  questionText: string;
  /** The conversation before the question, as a thread (each question followed by its latest answer). */
  earlier: readonly Message[];
  /** The session's datasets that still exist. */
  datasets: readonly Dataset[];
  model: LanguageModel;
  /** The app's extra instructions: part of what shapes an answer, so part of the cache key. */
  instructions?: string;
  /** The session's documents, when any. */
  documents?: readonly { id: string; updatedAt: string }[];
  /** Answer anew: an edited or regenerated question asks for a new answer, so the cache is not read. */
  fresh?: boolean;
}

/** A turn the quality features answer themselves, without the model. */
export interface QualityReply {
  type: "reply";
  parts: MessagePart[];
  /** For the stored answer. */
  metadata: Metadata;
  /** For the turn's audit entry. */
  details: Metadata;
}

/** A turn that goes on to the model, with what the features prepared. */
export interface QualityStart {
  type: "continue";
  /** The question as answered: a follow-up's standalone reading, or the option a clarification reply picked. */
  question: string;
  followUp: FollowUp | undefined;
  /** True when the question is an option the user picked after a clarification (it is not asked back again). */
  clarified: boolean;
  memory: SessionMemory | undefined;
  /** Where a good answer is cached; absent when the cache is off. */
  cacheKey: string | undefined;
  details: Metadata;
}

/** The last question of a thread and its answer, as a follow-up reads them. */
export function previousTurn(
  earlier: readonly Message[],
): (PreviousTurn & { options: ClarificationOption[] | undefined }) | undefined {
  const index = earlier.findLastIndex((m) => m.role === "user");
  const asked = earlier[index];
  if (!asked) return undefined;
  const answer = earlier.slice(index + 1).find((m) => m.role === "assistant" && m.replyTo === asked.id);
  const resolved = answer?.metadata.resolvedQuestion;
  const sql = answer?.parts.find((p) => p.type === "sql")?.sql;
  const clarification = answer?.metadata.clarification;
  const options =
    clarification &&
    typeof clarification === "object" &&
    !Array.isArray(clarification) &&
    Array.isArray(clarification.options)
      ? (clarification.options as unknown as ClarificationOption[])
      : undefined;
  return {
    question: typeof resolved === "string" ? resolved : textOfParts(asked.parts),
    ...(sql ? { sql } : {}),
    options,
  };
}

/** The texts besides the question that shape an answer, for the cache key. */
function answerContext(input: TurnQualityInput, memory: SessionMemory | undefined): string[] {
  return [
    memory?.preferences.join("\n") ?? "",
    glossarySection(input.datasets) ?? "",
    input.instructions ?? "",
  ];
}

/**
 * The steps before the model: a request to change data is declined; a follow-up or a reply to a
 * clarification becomes a standalone question; an identical question on unchanged data is answered from
 * the cache.
 */
export async function startTurnQuality(
  runtime: QualityRuntime,
  input: TurnQualityInput,
): Promise<QualityReply | QualityStart> {
  const { settings } = runtime;
  const text = input.questionText;
  if (settings.intentGate) {
    const verdict = detectDataChange(text, { tables: input.datasets.map((d) => d.tableName) });
    if (verdict.changesData) {
      return {
        type: "reply",
        parts: [{ type: "text", text: declineAnswer(verdict) }],
        metadata: { intentGate: { declined: true, action: verdict.action ?? null } },
        details: { intentGate: "declined", action: verdict.action ?? null, via: verdict.via ?? null },
      };
    }
  }
  const details: Metadata = {};
  let question = text;
  let followUp: FollowUp | undefined;
  let clarified = false;
  const previous = settings.followUps || settings.clarification ? previousTurn(input.earlier) : undefined;
  const picked =
    settings.clarification && previous?.options
      ? resolveClarificationReply(text, previous.options)
      : undefined;
  if (picked) {
    question = picked.question;
    clarified = true;
    details.clarification = { answered: picked.label };
  } else if (settings.followUps && previous) {
    followUp = resolveFollowUp(text, previous);
    if (followUp) {
      question = followUp.question;
      details.followUp = { kind: followUp.kind, resolvedFrom: previous.question, question };
    }
  }
  const memory = settings.memory
    ? await input.store.memory.get(input.principal, input.session.id).catch(() => undefined)
    : undefined;
  let cacheKey: string | undefined;
  if (runtime.cache) {
    cacheKey = answerCacheKey({
      principal: input.principal,
      datasets: input.datasets.map((d) => ({ id: d.id, version: d.version })),
      ...(input.documents ? { documents: input.documents } : {}),
      question,
      model: `${input.model.provider}:${input.model.modelId}`,
      promptVersion: answerPromptVersion({ quality: true, verifier: settings.verifier }),
      context: answerContext(input, memory),
    });
    const hit = input.fresh ? undefined : runtime.cache.get(cacheKey);
    if (hit) {
      return {
        type: "reply",
        parts: hit.parts,
        metadata: { ...hit.metadata, cache: { hit: true, from: hit.messageId, answeredAt: hit.answeredAt } },
        details: { ...details, cache: "hit" },
      };
    }
    details.cache = "miss";
  }
  return { type: "continue", question, followUp, clarified, memory, cacheKey, details };
}

/** What the model is given beyond Quarry's own instructions, or a question asked back. */
export interface QualityPrompt {
  type: "prompt";
  /** Sections to append to the system message. */
  sections: string[];
  /** The schema overview to use instead of the plain one, when schema focus applied. */
  schema: string | undefined;
  details: Metadata;
  /** Whether any section came from a quality feature (the answer's prompt version says so). */
  used: boolean;
}

/**
 * The steps once the session's engine is there: an ambiguous question is asked back; otherwise the prompt
 * gets the focused schema, the glossary, the memory, similar examples and the follow-up note.
 */
export async function turnPrompt(
  runtime: QualityRuntime,
  start: QualityStart,
  input: TurnQualityInput & { engine: SqlEngine; tables: readonly TableInfo[]; modelRows: number },
): Promise<QualityReply | QualityPrompt> {
  const { settings } = runtime;
  const details: Metadata = {};
  if (settings.clarification && !start.clarified) {
    const glossaryTerms = input.datasets.flatMap((d) => d.glossary.map((g) => g.term));
    const asked = detectAmbiguity(start.question, {
      tables: plannerSchemas(input.tables, input.datasets),
      glossaryTerms,
    });
    if (asked) {
      const options = asked.options.map((o) => ({ label: o.label, question: o.question }));
      return {
        type: "reply",
        parts: [{ type: "text", text: asked.text }],
        metadata: { clarification: { kind: asked.kind, term: asked.term, options } },
        details: {
          clarification: { kind: asked.kind, term: asked.term, options: options.map((o) => o.label) },
        },
      };
    }
  }
  const sections: string[] = [];
  let schema: string | undefined;
  if (settings.schemaFocus) {
    const focus = focusSchema(start.question, input.tables, input.datasets, settings.schemaFocus);
    if (focus.applied) {
      schema = focusedSchemaText(focus, input.tables, input.datasets, input.modelRows > 0);
      const focused = focus.tables.filter((t) => t.focused);
      details.schemaFocus = {
        tables: focused.map((t) => t.name),
        columns: focused.reduce((n, t) => n + t.columns.length, 0),
      };
    }
  }
  const glossary = glossarySection(input.datasets);
  if (glossary) {
    sections.push(glossary);
    details.glossary = input.datasets.reduce((n, d) => n + d.glossary.length, 0);
  }
  const memory = start.memory ? memorySection(start.memory) : undefined;
  if (memory && start.memory) {
    sections.push(memory);
    details.memory = { preferences: start.memory.preferences.length };
  }
  if (runtime.examples && settings.feedbackExamples) {
    const examples = await runtime.examples.examplesFor(input.principal, start.question, {
      k: settings.feedbackExamples.k,
      accept: (example) =>
        input.engine.check(example.sql).then(
          () => true,
          () => false,
        ),
    });
    const section = examplesSection(examples);
    if (section) {
      sections.push(section);
      details.examples = examples.length;
    }
  }
  if (start.followUp) sections.push(`Follow-up: ${start.followUp.note}`);
  if (start.clarified) {
    sections.push(
      `Clarification: the user answered the question you asked back by picking ${JSON.stringify(start.question)}; answer that.`,
    );
  }
  return { type: "prompt", sections, schema, details, used: sections.length > 0 || schema !== undefined };
}

/**
 * The user message the model is sent: for an LLM the words the user wrote (the follow-up note explains
 * them), for the offline planner, which reads one question at a time, the standalone question; for a reply
 * to a clarification ("2"), the option it picked, for any model.
 */
export function questionForModel(model: LanguageModel, written: string, start: QualityStart): string {
  return model.provider === "offline" || start.clarified ? start.question : written;
}
