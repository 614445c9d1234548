import { QuarryError } from "../errors/quarry-error.js";

/**
 * The `k` of reciprocal rank fusion. 60 is the value Cormack, Clarke and Büttcher found best in the paper
 * that introduced the method (SIGIR 2009): large enough that the first few places of one list do not drown
 * agreement between lists, small enough that a top rank still counts for more than a middling one.
 */
export const defaultReciprocalRankK = 60;

/** Options of {@link reciprocalRankFusion}. */
export interface ReciprocalRankOptions {
  /** The constant added to every rank; default {@link defaultReciprocalRankK}. A finite number ≥ 0. */
  k?: number;
}

/** One item of a fused ranking. */
export interface FusedRank {
  key: string;
  /** Sum over the lists of `1 / (k + rank)`; higher is better. */
  score: number;
  /** The item's 1-based rank in each input list, in the order of the lists; null where it is absent. */
  ranks: (number | null)[];
}

/**
 * Reciprocal rank fusion: each list gives an item `1 / (k + rank)` and the sums decide the order. It needs
 * no comparable scores, which is why it can join BM25 and cosine similarity.
 *
 * Ties are broken the same way every time: the better best rank in any list first, then the list that
 * gave that rank earlier in `lists` (two keys cannot share a place in one list, so that settles every tie).
 * A key repeated in one list counts at its first place only.
 *
 * @example
 * ```ts
 * reciprocalRankFusion([["a", "b"], ["b", "c"]]).map((r) => r.key); // ["b", "a", "c"]
 * ```
 */
export function reciprocalRankFusion(
  lists: readonly (readonly string[])[],
  options: ReciprocalRankOptions = {},
): FusedRank[] {
  const k = options.k ?? defaultReciprocalRankK;
  if (typeof k !== "number" || !Number.isFinite(k) || k < 0) {
    throw new QuarryError("INVALID_INPUT", "Reciprocal rank fusion needs k to be a finite number ≥ 0.");
  }
  const fused = new Map<string, FusedRank>();
  lists.forEach((list, listIndex) => {
    list.forEach((key, position) => {
      let entry = fused.get(key);
      if (!entry) {
        entry = { key, score: 0, ranks: lists.map(() => null) };
        fused.set(key, entry);
      }
      if (entry.ranks[listIndex] !== null) return;
      entry.ranks[listIndex] = position + 1;
      entry.score += 1 / (k + position + 1);
    });
  });
  return [...fused.values()].sort(compareFused);
}

function compareFused(a: FusedRank, b: FusedRank): number {
  if (a.score !== b.score) return b.score - a.score;
  const bestA = bestRank(a.ranks);
  const bestB = bestRank(b.ranks);
  if (bestA.rank !== bestB.rank) return bestA.rank - bestB.rank;
  return bestA.list - bestB.list;
}

function bestRank(ranks: readonly (number | null)[]): { rank: number; list: number } {
  let best = { rank: Number.POSITIVE_INFINITY, list: ranks.length };
  ranks.forEach((rank, list) => {
    if (rank !== null && rank < best.rank) best = { rank, list };
  });
  return best;
}
