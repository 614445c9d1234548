import { maskIgnored } from "./ignored-spans.js";

/** A quantity written in text, as {@link findNumbers} reads it. */
export interface NumberMention {
  /** The mention as written, e.g. `$1,200`, `4.5M`, `12.3%`. */
  raw: string;
  /** Its value with the scale applied and the sign kept: `4.5M` is 4500000; a percentage as written (12.3). */
  value: number;
  /** Where `raw` starts in the text (UTF-16 offset). */
  index: number;
  /**
   * What one unit of the last written digit is worth, in the units of `value`: the precision the number was
   * rounded to (`1,226` → 1, `4.5M` → 100000, `12.3%` → 0.1). After a hedge or a bound, trailing zeros of a
   * whole number are not significant (`about 1,200` → 100).
   */
  precision: number;
  /** 1, or 1e3 / 1e6 / 1e9 / 1e12 for `k`, `M`, `B`, `T` and `thousand` … `trillion`. */
  scale: number;
  percent: boolean;
  /** Written with a currency symbol (`$`, `€`, `£`, `¥`, `₹`). */
  currency: boolean;
  /** A bare integer from 1900 to 2100, read as a year. */
  year: boolean;
  /** A hedge or a bound before it: `about 1,200` (approx), `over 1,000` (over), `under 50` (under). */
  qualifier?: "approx" | "over" | "under";
}

// Separators in order of preference: European grouping only when unambiguous (two dot groups, or a dot group
// and a decimal comma); then English commas or (thin, no-break) spaces, which also allow a decimal comma
// after space groups (French style); then plain digits.
const numberPattern =
  /(?<sign>[-+\u2212])?(?<cur>[$€£¥₹]\s?)?(?<sign2>[-\u2212])?(?<digits>\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}\.\d{3},\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?<gs>[ \u00a0\u202f\u2009])\d{3}(?:\k<gs>\d{3})*(?:[.,]\d+)?|\d+(?:\.\d+)?|\.\d+)(?<exp>[eE][-+]?\d+(?![\w.]))?/g;

const suffixPattern =
  /^(?:\s?(?<pct>%|percent\b|per cent\b|pct\b|pp\b|percentage points?\b)|(?<letter>[kKMBT]|MM|mn|bn|tn|[mb])(?![\p{L}\d])|\s(?<word>thousand|million|billion|trillion)\b)/u;

const scaleWords: Record<string, number> = {
  k: 1e3,
  K: 1e3,
  thousand: 1e3,
  M: 1e6,
  m: 1e6,
  MM: 1e6,
  mn: 1e6,
  million: 1e6,
  B: 1e9,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  T: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

const approx =
  /(?:\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|circa|ca\.|some|close to|just (?:over|under)|an estimated)|[~≈])\s*$/i;
const over = /\b(?:over|more than|above|at least|exceeding|upwards of|in excess of)\s*$/i;
const under = /\b(?:under|less than|below|at most|fewer than|up to)\s*$/i;

/**
 * The numbers in a model's answer, as a reader would take them.
 *
 * Read: thousands separators (`1,234.5`, `1 234`, European `1.234,5` and `1.234.567`, French `1 234,5`),
 * percentages (`12%`, `12 percent`, `3 pp`), scales (`3.2k`, `4.5M`, `1.2B`, `2 million`; lower-case `m`/`b`
 * only after a currency symbol, `$4.5m`), currencies (`$1,200`, `-$3.5`), signs (`-3.5`, `−3.5`),
 * scientific notation (`1e6`), both ends of ranges (`10-20`, `10–20%`, where the end's `%` or scale applies to
 * the start too) and numbers with units (`5kg` is 5).
 *
 * Ignored: code (fenced blocks and backtick spans), links, e-mail addresses, `#12`, dates (`2014-03-01`,
 * `03/01/2014`, `March 2014`, `5 March`, `Q1 2014`, `FY2014`) and times (`14:30`, `3pm`), list markers
 * (`1.` or `1)` opening a line), ordinals (`1st`, `22nd`), decades (`1990s`, `'90s`), numbers inside identifiers
 * (`Q1`, `x2`, `col_3`, `v1.2.3`, `COVID-19`). A bare year (`in 2014`) is read, with `year: true`.
 * Not read: `12,5` (a decimal comma without grouping reads as 12 and 5), `1'234`, and spelled-out numbers.
 */
export function findNumbers(text: string): NumberMention[] {
  return scanNumbers(text).numbers;
}

/** {@link findNumbers}, plus the years of the dates it skipped (a question's dates ground its years). */
export function scanNumbers(text: string): { numbers: NumberMention[]; dateYears: number[] } {
  const { text: masked, dateYears } = maskIgnored(text);
  const numbers: NumberMention[] = [];
  // Set after a mention followed by `-`, `–` or `to` and a number: where the range's end may start.
  let range: { from: NumberMention; next: number } | undefined;
  for (const m of masked.matchAll(numberPattern)) {
    const g = m.groups ?? {};
    const digitsRaw = g.digits ?? "";
    let start = m.index;
    let end = start + m[0].length;
    const before = masked[start - 1] ?? "";
    const after = masked.slice(end);
    const cur = g.cur !== undefined;
    const minus = g.sign === "-" || g.sign === "\u2212";
    // In `10-20` the hyphen joins a range; it is not a minus sign. After a letter it is an identifier (`COVID-19`).
    const rangeEnd = range !== undefined && (start === range.next || (minus && start === range.next - 1));
    const signJoins = rangeEnd && minus && start === (range?.next ?? 0) - 1;
    if (signJoins) start += 1;
    if (!rangeEnd && !cur && /[\p{L}\d_.]/u.test(before)) continue;
    if (/^(?:[_\d]|\.\d|\p{L}+[\d_])/u.test(after)) continue; // `col_3`, `1.2.3`, `2b3`
    if (/^(?:st|nd|rd|th)\b/i.test(after)) continue;
    if (/^s\b/.test(after) && (/^\d{3}0$/.test(digitsRaw) || (before === "'" && /^\d0$/.test(digitsRaw))))
      continue;

    const digits = normalizeDigits(digitsRaw);
    const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
    const suffix = suffixPattern.exec(after);
    const percent = suffix?.groups?.pct !== undefined;
    const unit = suffix?.groups?.letter ?? suffix?.groups?.word;
    // Lower-case `m` and `b` are too often metres, minutes or bytes; after a currency symbol they are scales.
    const scale = unit === undefined || (/^[mb]$/.test(unit) && !cur) ? 1 : (scaleWords[unit] ?? 1);
    if (suffix && (percent || scale !== 1)) end += suffix[0].length;

    const exponent = (g.exp ? Number(g.exp.slice(1)) : 0) + Math.round(Math.log10(scale));
    const magnitude = Number(`${digits}e${exponent}`);
    if (!Number.isFinite(magnitude)) continue; // `123e4567`: an id, not a number
    const negative = (minus && !signJoins) || g.sign2 !== undefined;
    const year = isYear(digitsRaw) && !g.exp && !cur && !negative && !percent && scale === 1;
    const qualifier = qualifierBefore(masked.slice(Math.max(0, start - 24), start));
    // With a hedge or a bound, trailing zeros of a whole number are not significant: "about 1,200" is ±50.
    const zeros = qualifier && decimals === 0 && !year ? (/0*$/.exec(digits)?.[0].length ?? 0) : 0;
    const mention: NumberMention = {
      raw: text.slice(start, end),
      value: negative ? -magnitude : magnitude,
      index: start,
      precision: Number(`1e${exponent - decimals + Math.min(zeros, digits.length - 1)}`),
      scale,
      percent,
      currency: cur,
      year,
    };
    if (qualifier) mention.qualifier = qualifier;
    if (rangeEnd && range) inheritUnits(range.from, mention);
    numbers.push(mention);
    const joint = /^\s*(?:[-\u2212\u2013\u2014]|to\b)\s*(?=[$€£¥₹]?\d)/.exec(masked.slice(end));
    range = joint ? { from: mention, next: end + joint[0].length } : undefined;
  }
  return { numbers, dateYears };
}

/** A bare four-digit number from 1900 to 2100. */
function isYear(digits: string): boolean {
  return /^\d{4}$/.test(digits) && Number(digits) >= 1900 && Number(digits) <= 2100;
}

function qualifierBefore(prefix: string): NumberMention["qualifier"] {
  if (approx.test(prefix)) return "approx";
  if (over.test(prefix)) return "over";
  return under.test(prefix) ? "under" : undefined;
}

/** `10-20%`: the start of a range written without a unit takes the end's percent sign or scale. */
function inheritUnits(start: NumberMention, end: NumberMention): void {
  if (start.percent || start.scale !== 1) return;
  if (end.percent) start.percent = true;
  if (end.scale !== 1) {
    start.scale = end.scale;
    start.value *= end.scale;
    start.precision *= end.scale;
  }
}

/** Digits as a JavaScript number literal: grouping removed, the decimal separator a dot. */
function normalizeDigits(digits: string): string {
  if (
    /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits) &&
    (digits.includes(",") || digits.split(".").length > 2)
  ) {
    return digits.replace(/\./g, "").replace(",", ".");
  }
  const spaced = /[ \u00a0\u202f\u2009]/.test(digits);
  const plain = digits.replace(spaced ? /[ \u00a0\u202f\u2009]/g : /,/g, "");
  return spaced ? plain.replace(",", ".") : plain;
}
