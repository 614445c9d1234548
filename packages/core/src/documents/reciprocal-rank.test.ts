import { describe, expect, it } from "vitest";
import { expectCode } from "../testing/store/harness.js";
import { defaultReciprocalRankK, reciprocalRankFusion } from "./reciprocal-rank.js";

describe("reciprocalRankFusion", () => {
  it("sums 1 / (k + rank) over the lists, so agreement between lists wins", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["d", "b", "e"],
    ]);
    expect(fused.map((f) => f.key)).toEqual(["b", "a", "d", "c", "e"]);
    const k = defaultReciprocalRankK;
    expect(fused[0]).toEqual({ key: "b", score: 2 / (k + 2), ranks: [2, 2] });
    expect(fused[2]).toEqual({ key: "d", score: 1 / (k + 1), ranks: [null, 1] });
    expect(fused[4]).toEqual({ key: "e", score: 1 / (k + 3), ranks: [null, 3] });
  });

  it("lets a small k favour the top of one list over agreement further down", () => {
    const lists = [
      ["top", "x", "y", "both"],
      ["p", "q", "r", "both"],
    ];
    expect(reciprocalRankFusion(lists)[0]!.key).toBe("both");
    expect(reciprocalRankFusion(lists, { k: 0 })[0]!.key).toBe("top");
  });

  it("breaks ties by best rank, then by the earlier list", () => {
    // x and y are first in one list each: equal scores, equal best ranks; the first list decides.
    expect(reciprocalRankFusion([["x"], ["y"]]).map((f) => f.key)).toEqual(["x", "y"]);
    expect(reciprocalRankFusion([["y"], ["x"]]).map((f) => f.key)).toEqual(["y", "x"]);
    // With k = 0, ranks 2 and 2 score 1/2 + 1/2, exactly what rank 1 alone scores: the better best rank wins.
    const fused = reciprocalRankFusion(
      [
        ["m", "twice"],
        ["n", "twice"],
      ],
      { k: 0 },
    );
    expect(fused.map((f) => [f.key, f.score])).toEqual([
      ["m", 1],
      ["n", 1],
      ["twice", 1],
    ]);
    const many = reciprocalRankFusion([[], ["q"], ["p"]]);
    expect(many.map((f) => [f.key, f.ranks])).toEqual([
      ["q", [null, 1, null]],
      ["p", [null, null, 1]],
    ]);
  });

  it("counts a key repeated in one list at its first place only", () => {
    expect(reciprocalRankFusion([["a", "a", "b"]])).toEqual([
      { key: "a", score: 1 / 61, ranks: [1] },
      { key: "b", score: 1 / 63, ranks: [3] },
    ]);
  });

  it("answers nothing for no lists and rejects a k that is not a finite number ≥ 0", async () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    for (const k of [-1, Number.NaN, Number.POSITIVE_INFINITY, "60" as unknown as number]) {
      await expectCode(
        Promise.resolve().then(() => reciprocalRankFusion([["a"]], { k })),
        "INVALID_INPUT",
      );
    }
  });
});
