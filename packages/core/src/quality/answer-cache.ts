import type { Metadata } from "../model/common.js";
import type { MessagePart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import { fingerprint } from "./fingerprint.js";

/**
 * The answer cache: an identical question on unchanged data is answered from a finished answer without
 * calling the model or the engine. Its key holds everything the answer depends on, so a change of any of
 * them misses instead of serving a stale answer: the principal (tenant and user, in clear, so nothing
 * crosses them even if fingerprints collided), the session's datasets at their versions and its documents,
 * the normalised question, the model, the prompt version, and a fingerprint of the context that shapes the
 * answer (memory, glossary, the app's instructions). A new dataset version is a new key; the old entry ages
 * out. Kept in process memory: least recently used entries go first, and every entry expires after its TTL.
 */

/** What the key of a cached answer is made of. */
export interface AnswerCacheKeyInput {
  principal: Principal;
  /** The session's datasets and the versions the answer read. */
  datasets: readonly { id: string; version: number }[];
  /** The session's documents, when any (an edit to one changes `updatedAt`). */
  documents?: readonly { id: string; updatedAt: string }[];
  /** The question as answered (a follow-up's standalone reading). */
  question: string;
  /** `provider:modelId` of the model that answers. */
  model: string;
  promptVersion: string;
  /** Texts that shape the answer beyond the question: the memory, the glossary, extra instructions. */
  context: readonly string[];
}

/** A finished answer, as a cache hit replays it. */
export interface CachedAnswer {
  parts: MessagePart[];
  metadata: Metadata;
  /** When the answer was first made, ISO. */
  answeredAt: string;
  /** The id of the stored message it was first given as. */
  messageId: string;
}

/** Options of {@link createAnswerCache}. */
export interface AnswerCacheOptions {
  /** How long an entry serves, in ms. */
  ttlMs: number;
  /** The most entries kept; the least recently used go first. */
  maxEntries: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** An LRU cache of finished answers with a TTL. */
export interface AnswerCache {
  get(key: string): CachedAnswer | undefined;
  set(key: string, answer: CachedAnswer): void;
  /** Drops every entry of a principal (e.g. after they delete data). */
  forget(principal: Principal): void;
  readonly size: number;
}

/**
 * The normalised question the key holds: case, spacing and closing punctuation do not make a new question;
 * anything else (a different year, a different word) does.
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s?.!]+$/u, "")
    .trim();
}

/**
 * The cache key of a question in its setting.
 *
 * @example
 * ```ts
 * answerCacheKey({ principal, datasets: [{ id: "ds_1", version: 2 }], question: "Total sales?", model: "openai:gpt-4.1", promptVersion, context: [memoryText] });
 * ```
 */
export function answerCacheKey(input: AnswerCacheKeyInput): string {
  const datasets = [...input.datasets].map((d) => `${d.id}@${d.version}`).sort();
  const documents = [...(input.documents ?? [])].map((d) => `${d.id}@${d.updatedAt}`).sort();
  return JSON.stringify([
    input.principal.tenantId,
    input.principal.userId,
    datasets,
    documents,
    normalizeQuestion(input.question),
    input.model,
    input.promptVersion,
    fingerprint(input.context.join("\u0000")),
  ]);
}

/** The principal part of a key, for {@link AnswerCache.forget}. */
function principalPrefix(principal: Principal): string {
  return JSON.stringify([principal.tenantId, principal.userId]).slice(0, -1);
}

/**
 * Creates an in-memory answer cache.
 *
 * @example
 * ```ts
 * const cache = createAnswerCache({ ttlMs: 600_000, maxEntries: 500 });
 * const hit = cache.get(key);
 * ```
 */
export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { answer: CachedAnswer; expires: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expires <= now()) return undefined;
      // Re-inserted, so the Map's order stays least recently used first.
      entries.set(key, entry);
      return structuredClone(entry.answer);
    },
    set(key, answer) {
      entries.delete(key);
      entries.set(key, { answer: structuredClone(answer), expires: now() + options.ttlMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries) break;
        entries.delete(oldest);
      }
    },
    forget(principal) {
      const prefix = principalPrefix(principal);
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
