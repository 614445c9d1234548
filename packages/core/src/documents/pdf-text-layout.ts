/**
 * A PDF page's text from pdf.js text items: items become lines (by `hasEOL` and by baseline), lines become
 * paragraphs (by the vertical gap between them), so the chunker can split at paragraph ends.
 */

/** What the layout needs of a pdf.js `TextItem`. */
export interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  /** `[a, b, c, d, e, f]`: `e`, `f` are the baseline's start; `b`, `d` the font's vertical scale. */
  transform: readonly number[];
  width: number;
  height: number;
}

interface Line {
  text: string;
  /** Baseline of the line's first item. */
  y: number;
  /** Font height of the line's tallest item. */
  height: number;
}

/** A line is a new paragraph when its gap to the one above is this many times the page's usual gap… */
const paragraphGapFactor = 1.5;
/** …or this many font heights, whatever the usual gap (a page of one-line paragraphs has no "usual" line gap). */
const paragraphGapHeights = 2.2;

/**
 * The page's text: paragraphs separated by a blank line, the lines of a paragraph joined by a space (a line
 * ending in a hyphen joins the next directly, keeping the hyphen). Items that are not text (marked content)
 * are skipped. Empty when the page has no text.
 */
export function pageText(items: readonly unknown[]): string {
  const lines = linesOf(items.filter(isTextItem));
  if (lines.length === 0) return "";
  const usualGap = median(gapsOf(lines).filter((gap) => gap > 0));
  const paragraphs: string[][] = [[lines[0]?.text ?? ""]];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as Line;
    const above = lines[i - 1] as Line;
    const gap = above.y - line.y;
    const height = Math.max(line.height, above.height, 1);
    const newParagraph =
      gap < -height / 2 || // moved up: a new column or a block placed out of order
      gap > paragraphGapHeights * height ||
      (usualGap !== undefined && gap > paragraphGapFactor * usualGap && gap > 1.3 * height);
    if (newParagraph) paragraphs.push([line.text]);
    else paragraphs.at(-1)?.push(line.text);
  }
  return paragraphs
    .map(joinLines)
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
}

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === "object" && item !== null && typeof (item as { str?: unknown }).str === "string";
}

/** Groups items into lines: a line ends at `hasEOL` or where the next item's baseline moves by half a line. */
function linesOf(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  const open: { line: Line | null; end: number } = { line: null, end: 0 };
  const finish = () => {
    if (open.line && open.line.text.trim() !== "")
      lines.push({ ...open.line, text: collapse(open.line.text) });
    open.line = null;
  };
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const height = item.height || Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || 1;
    if (open.line && Math.abs(open.line.y - y) > Math.max(height, open.line.height) / 2) finish();
    if (item.str !== "") {
      const line = open.line;
      if (line === null) open.line = { text: item.str, y, height };
      else {
        // pdf.js leaves out the space between words that a PDF draws as separate runs.
        const spaced = x - open.end > height * 0.15 && !/\s$/.test(line.text) && !/^\s/.test(item.str);
        line.text += spaced ? ` ${item.str}` : item.str;
        line.height = Math.max(line.height, height);
      }
      open.end = x + item.width;
    }
    if (item.hasEOL) finish();
  }
  finish();
  return lines;
}

function gapsOf(lines: readonly Line[]): number[] {
  return lines.slice(1).map((line, i) => (lines[i] as Line).y - line.y);
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function joinLines(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) {
    if (text === "") text = line;
    else text += /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line) ? line : ` ${line}`;
  }
  return text;
}

/** Runs of white space (pdf.js keeps the PDF's own, tabs and no-break spaces included) become one space. */
function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
