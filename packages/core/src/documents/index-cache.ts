import { QuarryError } from "../errors/quarry-error.js";
import type { Document } from "../model/document.js";
import type { Principal } from "../model/principal.js";

/** The default number of search indexes a retriever keeps. */
export const defaultIndexCacheSize = 32;

/** A bounded least-recently-used cache of indexes being built or built, by key. */
export interface IndexCache<T> {
  /**
   * The index for the key: the cached one, or `build()`'s, which is cached at once so that concurrent
   * searches share one build. A build that fails is forgotten, so the next search tries again.
   */
  get(key: string, build: () => Promise<T>): Promise<T>;
  readonly size: number;
}

/** Makes an {@link IndexCache} of at most `capacity` entries (a whole number ≥ 1; `INVALID_INPUT` otherwise). */
export function createIndexCache<T>(capacity = defaultIndexCacheSize): IndexCache<T> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new QuarryError("INVALID_INPUT", "cacheSize must be a whole number ≥ 1.");
  }
  // Map order is recency order: a hit moves its entry to the end, so eviction takes from the front.
  const entries = new Map<string, Promise<T>>();
  return {
    get(key, build) {
      const cached = entries.get(key);
      if (cached) {
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const built = build();
      entries.set(key, built);
      built.catch(() => {
        if (entries.get(key) === built) entries.delete(key);
      });
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return built;
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The cache key of an index over documents: who asks and which versions of which documents. Replacing a
 * document's chunks changes its `updatedAt` and usually its `chunkCount`, so a stale index is never found
 * (two replacements within one millisecond giving the same count are the one blind spot).
 */
export function documentSetKey(
  principal: Principal,
  documents: readonly Pick<Document, "id" | "updatedAt" | "chunkCount">[],
): string {
  const versions = documents.map((d) => `${d.id}@${d.updatedAt}#${d.chunkCount}`).sort();
  return JSON.stringify([principal.tenantId, principal.userId, versions]);
}
