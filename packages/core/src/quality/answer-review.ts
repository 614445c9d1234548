import type { QueryOptions, QueryResult, SqlEngine } from "../engine/sql-engine.js";
import type { Metadata } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { LanguageModel, ModelUsage } from "../model-provider/language-model.js";
import type { Store } from "../store/store.js";
import { checkResult, sanityNote } from "./result-sanity.js";
import { updateMemory } from "./session-memory.js";
import type { QualityRuntime, QualityStart } from "./turn-quality.js";
import { applyVerifierFix, verifyAnswerSql } from "./verifier.js";

/**
 * The steps after the agent loop: the verifier's second look at the final SQL (when switched on), and the
 * sanity checks of the final result; then, once the answer is stored, the session memory and the cache.
 */

/** The answer's final query, as the turn has it. */
export interface FinalQuery {
  sql: string;
  result: QueryResult;
}

/** What the review needs. */
export interface ReviewInput {
  model: LanguageModel;
  /** The question as answered. */
  question: string;
  final: FinalQuery | undefined;
  engine: SqlEngine;
  /** The limits (and signal) the turn's queries run with. */
  queryOptions: QueryOptions;
  datasets: readonly Dataset[];
  modelRows: number;
  /** The schema overview the model was given, for the verifier. */
  schema?: string;
  signal?: AbortSignal;
}

/** What the review changed and found. */
export interface Review {
  /** The final query to build the answer from: the verifier's fix when one was applied. */
  final: FinalQuery | undefined;
  /** Sentences to add to the answer's text (a fix applied, sanity notes). */
  notes: string[];
  /** For the stored answer: `confidence`, `verifier`. */
  metadata: Metadata;
  /** For the turn's audit entry. */
  details: Metadata;
  /** Tokens the verifier's call used. */
  usage: ModelUsage;
  /** Whether the verifier ran (its prompt version is then recorded). */
  verified: boolean;
}

/**
 * Reviews a turn's final query: the verifier (one call; a proposed fix runs through the guard, once) and
 * the sanity checks. Only `ABORTED` is thrown.
 */
export async function reviewAnswer(runtime: QualityRuntime, input: ReviewInput): Promise<Review> {
  const review: Review = {
    final: input.final,
    notes: [],
    metadata: {},
    details: {},
    usage: { inputTokens: 0, outputTokens: 0 },
    verified: false,
  };
  if (runtime.settings.verifier && input.final) {
    const verdict = await verifyAnswerSql({
      model: input.model,
      question: input.question,
      sql: input.final.sql,
      result: input.final.result,
      modelRows: input.modelRows,
      dialect: input.engine.dialect,
      ...(input.schema ? { schema: input.schema } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    review.verified = true;
    review.usage = verdict.usage;
    const record: Metadata = { ok: verdict.ok, status: verdict.status, fixed: false };
    if (verdict.problem) record.problem = verdict.problem.slice(0, 500);
    if (verdict.fixedSql) {
      const fix = await applyVerifierFix(input.engine, verdict.fixedSql, input.queryOptions);
      if (fix.applied) {
        review.final = { sql: fix.sql, result: fix.result };
        record.fixed = true;
        review.notes.push(
          `A second check found a problem with the first query${verdict.problem ? ` (${verdict.problem.replace(/[.\s]+$/, "")})` : ""}; the table shows the corrected query's result.`,
        );
      } else {
        record.fixError = fix.error.code;
      }
    }
    review.metadata.verifier = record;
    review.details.verifier = record;
  }
  if (runtime.settings.sanity && review.final) {
    const report = checkResult({
      result: review.final.result,
      sql: review.final.sql,
      datasets: input.datasets,
    });
    review.metadata.confidence = report.confidence;
    review.details.sanity = { confidence: report.confidence, notes: report.findings.map((f) => f.code) };
    const note = sanityNote(report);
    if (note) review.notes.push(note);
  }
  return review;
}

/** What remembering a finished turn needs. */
export interface RememberInput {
  store: Store;
  principal: Principal;
  sessionId: string;
  /** The question as the user wrote it. */
  questionText: string;
  start: QualityStart | undefined;
  /** The stored answer. */
  answer: Message;
}

/**
 * After the answer is stored: the session memory takes the turn (and any preference it stated), and a
 * sound answer goes into the cache. Failures here cost the user nothing, so they are swallowed.
 */
export async function rememberTurn(runtime: QualityRuntime, input: RememberInput): Promise<void> {
  const { settings } = runtime;
  const { store, principal, sessionId, answer, start } = input;
  if (settings.memory) {
    try {
      const stored = await store.memory.get(principal, sessionId);
      const next = updateMemory(
        stored,
        {
          question: input.questionText,
          ...(start ? { resolvedQuestion: start.question } : {}),
          answerParts: answer.parts,
        },
        settings.memory,
      );
      await store.memory.put(principal, sessionId, next);
    } catch {
      // Memory is a help, never a reason for a turn to fail.
    }
  }
  const sound =
    !answer.parts.some((p) => p.type === "error") &&
    answer.metadata.confidence !== "low" &&
    answer.metadata.clarification === undefined &&
    answer.metadata.cache === undefined;
  if (runtime.cache && start?.cacheKey && sound) {
    runtime.cache.set(start.cacheKey, {
      parts: answer.parts,
      metadata: answer.metadata,
      answeredAt: answer.createdAt,
      messageId: answer.id,
    });
  }
}
