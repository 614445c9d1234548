import { createLexicalIndex, type LexicalIndex } from "../documents/lexical-index.js";
import type { Feedback } from "../model/feedback.js";
import type { Message } from "../model/message.js";
import { textOfParts } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Store } from "../store/store.js";
import type { SqlExample } from "./prompt-sections.js";

/**
 * Feedback learning: answers a user rated up, and SQL they wrote as a correction, become examples; the most
 * similar ones (BM25 over the questions) go into later prompts for similar questions. Everything is read
 * through the store with the asking principal, so one user's examples never reach another's prompts, and
 * each principal's index is kept apart and rebuilt only when their feedback changes. An example is offered
 * only if its SQL still passes the session's guard (`accept`), so examples over deleted datasets, or tables
 * the session does not have, drop out.
 */

/** An example learned from feedback. */
export interface FeedbackExample extends SqlExample {
  source: "thumbs-up" | "correction";
  messageId: string;
  sessionId: string;
}

/** Options of {@link createFeedbackExamples}. */
export interface FeedbackExamplesOptions {
  /** The most recent feedback entries read per principal. Default 500. */
  maxFeedback?: number;
}

/** Finds examples for a question. */
export interface FeedbackExamples {
  /**
   * The `k` examples most similar to the question that `accept` keeps (e.g. their SQL passes the session's
   * guard), best first.
   */
  examplesFor(
    principal: Principal,
    question: string,
    options: { k: number; accept?: (example: FeedbackExample) => Promise<boolean> | boolean },
  ): Promise<FeedbackExample[]>;
}

/** The SQL in a correction: a fenced block or the whole text, when it reads as a query. */
export function correctionSql(correction: string | null): string | undefined {
  if (!correction) return undefined;
  const fenced = /```(?:sql)?\s*([\s\S]*?)```/i.exec(correction)?.[1] ?? correction;
  const sql = fenced.trim();
  return /^(?:with|select|from)\b/i.test(sql) ? sql : undefined;
}

/** The question an answer replied to, as answered (a follow-up's standalone reading when one was kept). */
async function questionOf(store: Store, principal: Principal, answer: Message): Promise<string | undefined> {
  const resolved = answer.metadata.resolvedQuestion;
  if (typeof resolved === "string" && resolved.trim() !== "") return resolved;
  if (!answer.replyTo) return undefined;
  const question = await store.messages.get(principal, answer.replyTo);
  const text = question ? textOfParts(question.parts).trim() : "";
  return text === "" ? undefined : text;
}

/** The example one feedback entry gives, if any. */
async function exampleOf(
  store: Store,
  principal: Principal,
  feedback: Feedback,
): Promise<FeedbackExample | undefined> {
  const corrected = correctionSql(feedback.correction);
  if (!corrected && feedback.rating !== "up") return undefined;
  const answer = await store.messages.get(principal, feedback.messageId);
  if (answer?.role !== "assistant") return undefined;
  if (!corrected && answer.parts.some((p) => p.type === "error")) return undefined;
  const sql = corrected ?? answer.parts.find((p) => p.type === "sql")?.sql;
  const question = await questionOf(store, principal, answer);
  if (!sql || !question) return undefined;
  return {
    question,
    sql,
    source: corrected ? "correction" : "thumbs-up",
    messageId: answer.id,
    sessionId: answer.sessionId,
  };
}

interface PrincipalIndex {
  version: string;
  examples: FeedbackExample[];
  index: LexicalIndex;
}

/**
 * Creates the example finder over a store.
 *
 * @example
 * ```ts
 * const examples = createFeedbackExamples(store);
 * const found = await examples.examplesFor(principal, question, {
 *   k: 3,
 *   accept: (e) => engine.check(e.sql).then(() => true, () => false),
 * });
 * ```
 */
export function createFeedbackExamples(
  store: Store,
  options: FeedbackExamplesOptions = {},
): FeedbackExamples {
  const maxFeedback = options.maxFeedback ?? 500;
  const indexes = new Map<string, PrincipalIndex>();

  async function indexOf(principal: Principal): Promise<PrincipalIndex> {
    const feedback = (await store.feedback.list(principal)).slice(0, maxFeedback);
    const version = feedback.map((f) => `${f.messageId}@${f.updatedAt}`).join(",");
    const key = JSON.stringify([principal.tenantId, principal.userId]);
    const cached = indexes.get(key);
    if (cached?.version === version) return cached;
    const examples: FeedbackExample[] = [];
    const seen = new Set<string>();
    for (const entry of feedback) {
      const example = await exampleOf(store, principal, entry);
      const id = example && `${example.question.toLowerCase()}\u0000${example.sql}`;
      if (!example || !id || seen.has(id)) continue;
      seen.add(id);
      examples.push(example);
    }
    const built = { version, examples, index: createLexicalIndex(examples.map((e) => e.question)) };
    indexes.set(key, built);
    return built;
  }

  return {
    async examplesFor(principal, question, { k, accept }) {
      if (k <= 0) return [];
      const { examples, index } = await indexOf(principal);
      const found: FeedbackExample[] = [];
      for (const position of index.search(question, k * 3)) {
        const example = examples[position];
        if (!example || (accept && !(await accept(example)))) continue;
        found.push(example);
        if (found.length >= k) break;
      }
      return found;
    },
  };
}
