import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { chunkPages, defaultChunking, resolveChunking } from "./chunk-pages.js";
import { normalizeWhitespace } from "./chunk-text.js";

/** A seeded linear congruential generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Text with paragraphs, lines, sentences, odd white space, the occasional huge word and an emoji. */
function randomText(next: () => number, length: number): string {
  const words = ["alpha", "beta", "revenue", "Q3", "2024", "naïve", "über", "data-driven", "🙂", "x"];
  let text = "";
  let counter = 0;
  while (text.length < length) {
    const roll = next();
    if (roll < 0.03) text += "\n\n \t";
    else if (roll < 0.05) text += "\r\n";
    else if (roll < 0.15) text += ". ";
    else if (roll < 0.17) text += "?\u00a0 ";
    else if (roll < 0.175) text += `${hugeWord(next, Math.floor(next() * 900))} `;
    // A running number makes every word unique, so a chunk's place in the text is never ambiguous.
    else text += `${words[Math.floor(next() * words.length)]}${counter++}${next() < 0.1 ? "  " : " "}`;
  }
  return text;
}

/** A word of random letters: a hard cut through it must still be found at one place only. */
function hugeWord(next: () => number, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join("");
}

/**
 * Where each chunk sits in its page's normalized text: the first place after the previous chunk's start
 * where it also ends past the previous chunk's end (every chunk brings new text); fails when there is none.
 */
function positions(source: string, chunks: readonly string[]): number[] {
  const found: number[] = [];
  let from = 0;
  let previousEnd = 0;
  for (const chunk of chunks) {
    let at = source.indexOf(chunk, from);
    while (at >= 0 && at + chunk.length <= previousEnd) at = source.indexOf(chunk, at + 1);
    expect(at, `chunk not found in order: ${JSON.stringify(chunk.slice(0, 40))}`).toBeGreaterThanOrEqual(0);
    found.push(at);
    from = at + 1;
    previousEnd = at + chunk.length;
  }
  return found;
}

describe("chunkPages: properties", () => {
  it("keeps every character, in order, on the right page, and never exceeds the size", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const size = 100 + Math.floor(next() * 1_500);
      const overlap = Math.floor(next() * (Math.floor(size / 2) + 1));
      const pages = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        next() < 0.15 ? "  \n " : randomText(next, Math.floor(next() * 5_000)),
      );
      const chunks = chunkPages(pages, { size, overlap });

      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
      pages.forEach((page, i) => {
        const normalized = normalizeWhitespace(page);
        const own = chunks.filter((c) => c.page === i + 1).map((c) => c.text);
        for (const text of own) {
          expect(text.length).toBeGreaterThan(0);
          expect(text.length).toBeLessThanOrEqual(size);
          expect(text).toBe(text.trim());
        }
        const at = positions(normalized, own);
        // Coverage: every non-space character of the page lies inside some chunk.
        const covered = new Uint8Array(normalized.length);
        for (const [k, text] of own.entries()) covered.fill(1, at[k], (at[k] ?? 0) + text.length);
        const missed = covered.findIndex((done, j) => !done && /\S/.test(normalized[j] as string));
        expect(missed, `seed ${seed}, page ${i + 1}`).toBe(-1);
      });
      // Pages come in order: a chunk never goes back to an earlier page.
      const pageOrder = chunks.map((c) => c.page ?? 0);
      expect(pageOrder).toEqual([...pageOrder].sort((a, b) => a - b));
    }
  });
});

describe("chunkPages: where it cuts", () => {
  const sentence = (n: number) => `Sentence number ${n} says something short.`;

  it("ends chunks at paragraph ends when paragraphs fit", () => {
    const paragraphs = Array.from({ length: 12 }, (_, p) =>
      [0, 1, 2].map((s) => sentence(p * 3 + s)).join(" "),
    );
    const chunks = chunkPages([paragraphs.join("\n\n")], { size: 400, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(paragraphs.some((p) => chunk.text.endsWith(p))).toBe(true);
  });

  it("falls back to sentence ends inside a long paragraph, and overlaps from a sentence start", () => {
    const text = Array.from({ length: 40 }, (_, n) => sentence(n)).join(" ");
    const chunks = chunkPages([text], { size: 300, overlap: 100 });
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Sentence number \d+/);
      expect(chunk.text).toMatch(/short\.$/);
    }
    // The overlap repeats whole sentences of the previous chunk's end, at most 100 characters of them.
    for (let k = 1; k < chunks.length; k++) {
      const previous = chunks[k - 1]?.text ?? "";
      const text = chunks[k]?.text ?? "";
      const repeated = Array.from({ length: 101 }, (_, n) => 100 - n).find((n) =>
        previous.endsWith(text.slice(0, n)),
      );
      expect(repeated).toBeGreaterThan(30);
    }
  });

  it("cuts between words, then anywhere, when it must", () => {
    const words = chunkPages(["lorem ipsum ".repeat(100)], { size: 100, overlap: 0 });
    for (const chunk of words) expect(chunk.text).toMatch(/^lorem( ipsum lorem)*( ipsum)?$/);
    const blob = chunkPages(["x".repeat(250)], { size: 100, overlap: 0 }).map((c) => c.text);
    expect(blob).toEqual(["x".repeat(100), "x".repeat(100), "x".repeat(50)]);
    const emoji = chunkPages(["🙂".repeat(120)], { size: 101, overlap: 0 }).map((c) => c.text);
    expect(emoji.join("")).toBe("🙂".repeat(120));
    expect(emoji.every((text) => !/[\ud800-\udbff]$/.test(text))).toBe(true);
  });

  it("numbers pages from 1, skips empty pages, and gives null pages when not paged", () => {
    const paged = chunkPages(["First page.", "   ", "Third page."]);
    expect(paged).toEqual([
      { index: 0, page: 1, text: "First page." },
      { index: 1, page: 3, text: "Third page." },
    ]);
    const unpaged = chunkPages(["One.", "Two."], { paged: false });
    expect(unpaged).toEqual([{ index: 0, page: null, text: "One.\n\nTwo." }]);
  });

  it("normalizes white space but keeps line and paragraph ends", () => {
    const [chunk] = chunkPages(["  Title\r\n\r\n\r\n\tA\u00a0 line  \nnext line   "]);
    expect(chunk?.text).toBe("Title\n\nA line\nnext line");
  });
});

describe("resolveChunking", () => {
  it("fills in the defaults and caps the default overlap at half a small size", () => {
    expect(resolveChunking()).toEqual(defaultChunking);
    expect(resolveChunking({ size: 300 })).toEqual({ size: 300, overlap: 150 });
  });

  it.each([
    { size: 99 },
    { size: 20_001 },
    { size: 500.5 },
    { size: 500, overlap: 251 },
    { size: 500, overlap: -1 },
    { overlap: Number.NaN },
  ])("refuses %o with INVALID_INPUT", (options) => {
    expect(() => chunkPages(["text"], options)).toThrow(QuarryError);
    try {
      resolveChunking(options);
    } catch (error) {
      expect(QuarryError.is(error, "INVALID_INPUT")).toBe(true);
    }
  });
});
