/**
 * Parts of an answer whose digits are not quantities to check: code, links, dates, times and list markers.
 * They are blanked out (newlines kept, so line starts stay line starts) before numbers are read.
 */

const month =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
const ordinal = "(?:st|nd|rd|th)?";

/** Code first: a date inside backticks is code, not a date. */
const codeSpans = [/```[\s\S]*?(?:```|$)/g, /~~~[\s\S]*?(?:~~~|$)/g, /`[^`\n]+`/g];

const otherSpans = [
  // Links and addresses: their digits are paths and ids.
  /\b(?:https?:\/\/|www\.)[^\s<>()[\]]+/gi,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  // `#12`: an issue, a rank or a tag, not a quantity.
  /(?<![\w&])#\d+\b/g,
];

/** Dates: ISO dates and timestamps, year-months, slashed or dotted dates, month names, quarters. */
const dateSpans = [
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
  /\b(?:1[89]|2\d)\d{2}-(?:0[1-9]|1[0-2])\b(?!-\d)/g,
  /\b\d{1,4}([/.])\d{1,2}\1\d{2,4}\b/g,
  new RegExp(`\\b${month}\\s+\\d{1,2}${ordinal}(?:,?\\s+\\d{4})?\\b`, "g"),
  new RegExp(`\\b${month},?\\s+'?\\d{4}\\b`, "g"),
  new RegExp(`\\b\\d{1,2}${ordinal}\\s+(?:of\\s+)?${month}(?:,?\\s+\\d{4})?\\b`, "g"),
  /\b[QH][1-4]\s*(?:of\s+)?'?\d{2,4}\b/g,
  /\b\d{4}\s*[-/]?\s*[QH][1-4]\b/g,
  /\bFY\s?'?\d{2,4}\b/g,
];

const timeSpans = [
  /\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]\.?m\b\.?)?/gi,
  /\b\d{1,2}\s?[ap]\.?m\b\.?/gi,
];

/** `1.` or `2)` opening a line, optionally after a heading or quote marker: a list marker. */
const listMarkers = /^[ \t]*(?:[#>]+[ \t]*)?\d+[.)](?=\s)/gm;

/** The text with ignored spans blanked, and the years of the dates found (for grounding years). */
export interface MaskedText {
  text: string;
  dateYears: number[];
}

/** Blanks the spans {@link findNumbers} ignores. */
export function maskIgnored(text: string): MaskedText {
  const chars = text.split("");
  const dateYears: number[] = [];
  const apply = (patterns: RegExp[], onMatch?: (match: string) => void) => {
    const current = chars.join("");
    for (const pattern of patterns) {
      for (const m of current.matchAll(pattern)) {
        if (m[0].trim() === "") continue;
        onMatch?.(m[0]);
        blank(chars, m.index, m.index + m[0].length);
      }
    }
  };
  apply(codeSpans);
  apply(otherSpans);
  apply(dateSpans, (match) => {
    for (const y of match.matchAll(/(?<!\d)(1[89]\d{2}|2\d{3})(?!\d)/g)) dateYears.push(Number(y[1]));
  });
  apply(timeSpans);
  apply([listMarkers]);
  return { text: chars.join(""), dateYears };
}

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== "\n") chars[i] = " ";
}
