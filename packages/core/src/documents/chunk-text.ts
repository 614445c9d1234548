/**
 * Splitting one text into overlapping pieces of at most `size` characters, cut where meaning breaks least:
 * at a paragraph end, else a line end, else a sentence end, else between words, else anywhere.
 */

/**
 * White space as the chunks keep it: line ends made `\n`, runs of other white space (tabs, no-break spaces)
 * one space, no space at a line's start or end, at most one blank line in a row, nothing around the text.
 */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A sentence ends at `.`, `!`, `?` or `…` (also their CJK forms), closing quotes and brackets included, before white space. */
const sentenceEnd = /[.!?…。！？][)\]"'”’»]*(?=\s)/g;
/** Where the next sentence (or line) starts: after a sentence end and its white space, or after a line end. */
const sentenceStart = /[.!?…。！？][)\]"'”’»]*\s+|\n+/g;

/**
 * Pieces of `text` (already {@link normalizeWhitespace}d), in order, each trimmed, non-empty and at most
 * `size` characters. See {@link splitSpans}.
 */
export function splitText(text: string, size: number, overlap: number): string[] {
  return splitSpans(text, size, overlap).map(({ start, end }) => text.slice(start, end));
}

/** Where a piece lies in its text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where to cut `text` (already {@link normalizeWhitespace}d) into pieces of at most `size` characters, none
 * starting or ending with white space. Every piece after the first starts up to `overlap` characters before
 * the previous one ended, at a sentence start where there is one in that stretch, else at a word start (no
 * overlap when there is neither). Each piece brings at least `(size - overlap) / 2` new characters, so
 * small breaks never make a run of tiny pieces.
 */
export function splitSpans(text: string, size: number, overlap: number): Span[] {
  const spans: Span[] = [];
  const minNew = Math.ceil((size - overlap) / 2);
  let start = skipSpace(text, 0);
  let previousCut = start;
  while (start < text.length) {
    if (text.length - start <= size) {
      spans.push(trimmed(text, start, text.length));
      break;
    }
    const cut = breakPoint(text, start, Math.max(start, previousCut) + minNew, start + size);
    spans.push(trimmed(text, start, cut));
    // Normalized text ends in a non-space, so there is more to come whenever the cut is before its end.
    start = skipSpace(text, Math.max(overlapStart(text, start, cut, overlap), start + 1));
    previousCut = cut;
  }
  return spans.filter((span) => span.end > span.start);
}

/** The span without white space at its end (it starts at a non-space already). */
function trimmed(text: string, start: number, end: number): Span {
  let last = end;
  while (last > start && /\s/.test(text[last - 1] as string)) last--;
  return { start, end: last };
}

/**
 * Where to end a piece that starts at `start` and may reach `end` (exclusive): the last paragraph end, line
 * end, sentence end or space at or after `min`, in that order of preference; else `end` itself, moved back
 * one when it would split a surrogate pair.
 */
function breakPoint(text: string, start: number, min: number, end: number): number {
  const lowest = Math.min(min, end);
  const paragraph = text.lastIndexOf("\n\n", end);
  if (paragraph >= lowest && paragraph > start) return paragraph;
  const line = text.lastIndexOf("\n", end);
  if (line >= lowest && line > start) return line;
  const sentence = lastSentenceEnd(text, lowest, end);
  if (sentence !== undefined && sentence > start) return sentence;
  const space = text.lastIndexOf(" ", end);
  if (space >= lowest && space > start) return space;
  const hard = end;
  return isHighSurrogate(text.charCodeAt(hard - 1)) && hard - 1 > start ? hard - 1 : hard;
}

/** The position just after the last sentence end in `[from, to]`. */
function lastSentenceEnd(text: string, from: number, to: number): number | undefined {
  // One character past `to`, so the look-ahead can see the space after a sentence ending right at `to`.
  const window = text.slice(from, to + 1);
  let found: number | undefined;
  for (const match of window.matchAll(sentenceEnd)) {
    const position = from + match.index + match[0].length;
    if (position <= to) found = position;
  }
  return found;
}

/**
 * Where the next piece starts: the first sentence start, else the first word start, among the last
 * `overlap` characters before `cut` (after `start`); `cut` when there is neither.
 */
function overlapStart(text: string, start: number, cut: number, overlap: number): number {
  if (overlap <= 0) return cut;
  const from = Math.max(cut - overlap, start + 1);
  if (from >= cut) return cut;
  const region = text.slice(from, cut);
  for (const match of region.matchAll(sentenceStart)) {
    const position = from + match.index + match[0].length;
    if (position < cut) return position;
  }
  // A word starts after a space; `from` itself may sit in the middle of a word, so it does not count.
  const space = region.indexOf(" ");
  return space >= 0 && from + space + 1 < cut ? from + space + 1 : cut;
}

function skipSpace(text: string, position: number): number {
  let at = position;
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  return at;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
