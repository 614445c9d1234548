import { describe, expect, it } from "vitest";
import { normalizeWhitespace, splitSpans } from "./chunk-text.js";

/** Sentences, words and spaces of random lengths, from a seeded generator. */
function text(seed: number, length: number): string {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  let out = "";
  while (out.length < length) {
    const roll = next();
    out +=
      roll < 0.05
        ? "\n\n"
        : roll < 0.08
          ? "\n"
          : roll < 0.2
            ? ". "
            : roll < 0.22
              ? `${"w".repeat(300)} `
              : "word ";
  }
  return normalizeWhitespace(out);
}

describe("splitSpans", () => {
  it("covers the text with pieces that overlap by at most `overlap` and always move forward", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const size = 100 + ((seed * 37) % 900);
      const overlap = (seed * 53) % Math.floor(size / 2 + 1);
      const source = text(seed, 6_000);
      const spans = splitSpans(source, size, overlap);
      expect(spans[0]?.start).toBe(0);
      expect(spans.at(-1)?.end).toBe(source.length);
      spans.forEach((span, k) => {
        expect(span.end - span.start).toBeLessThanOrEqual(size);
        expect(source.slice(span.start, span.end)).toBe(source.slice(span.start, span.end).trim());
        const previous = spans[k - 1];
        if (!previous) return;
        expect(span.start).toBeGreaterThan(previous.start);
        expect(span.end).toBeGreaterThan(previous.end);
        // No gap with text in it, and no more overlap than asked for.
        expect(source.slice(previous.end, span.start).trim()).toBe("");
        expect(previous.end - span.start).toBeLessThanOrEqual(overlap);
      });
    }
  });

  it("brings at least (size - overlap) / 2 new characters a piece, except the last", () => {
    const source = text(7, 20_000);
    const spans = splitSpans(source, 400, 200);
    for (let k = 1; k < spans.length - 1; k++) {
      expect((spans[k]?.end ?? 0) - (spans[k - 1]?.end ?? 0)).toBeGreaterThanOrEqual(100);
    }
  });

  it("gives nothing for empty text", () => {
    expect(splitSpans("", 100, 10)).toEqual([]);
  });
});
