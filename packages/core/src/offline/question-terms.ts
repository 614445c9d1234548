import { conceptOf, phrases } from "./lexicon.js";
import { numberWords } from "./name-lists.js";

/** One word (or folded phrase) of a question or a column name. */
export interface Term {
  /** As written, for values whose case matters (`AAPL`). */
  raw: string;
  /** Lower case, phrases folded (`more than` → `gt`). */
  word: string;
  stem: string;
  /** The synonym key (`temp` → `temperature`). */
  concept: string;
  /** Set for numbers: digits (`1,200`, `2.5`) or small number words (`five`). */
  number?: number;
  /** Set for dates written in the question (`2014-03-01`, `3/1/2014`), as ISO `YYYY-MM-DD`. */
  isoDate?: string;
  /** Written in quotes: a value to match as is. */
  quoted?: boolean;
  /** Starts with a capital letter and is not the question's first word: likely a name. */
  capital: boolean;
}

const tokenPattern =
  /"[^"]+"|'[^']+'|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[<>]=?|=|[\p{L}][\p{L}\p{N}]*(?:['’][\p{L}]+)*/gu;

/**
 * A light stemmer: plurals and `-ed`/`-ing` endings go, so `delayed`, `delays` and `delay` meet. Questions and
 * column names go through the same function, so it needs to be consistent more than linguistically right.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  if (word.endsWith("ing") && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith("ed") && !word.endsWith("eed") && word.length > 4) return undouble(word.slice(0, -2));
  return word;
}

function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(?:ll|ss)$/.test(word) ? word.slice(0, -1) : word;
}

/** The synonym key of a word: its own group, its stem's group, or its stem. */
export function conceptOfWord(word: string): string {
  const direct = conceptOf(word);
  if (direct !== word) return direct;
  return conceptOf(stem(word));
}

function makeTerm(raw: string, word: string, capital: boolean): Term {
  const term: Term = { raw, word, stem: stem(word), concept: conceptOfWord(word), capital };
  const digits = /^\d+(?:,\d{3})*(?:\.\d+)?$|^\.\d+$/.test(word) ? Number(word.replace(/,/g, "")) : undefined;
  const number = digits ?? numberWords[word];
  if (number !== undefined && Number.isFinite(number)) term.number = number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) term.isoDate = word;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(word);
  if (us) term.isoDate = `${us[3]}-${us[1]?.padStart(2, "0")}-${us[2]?.padStart(2, "0")}`;
  return term;
}

/** Splits an identifier into words: camelCase, digits, underscores, spaces and symbols all separate. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/\$/g, " usd ")
    .replace(/%/g, " percent ")
    .replace(/#/g, " number ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Folds multi-word phrases (`miles per gallon` → `mpg`, `more than` → `gt`) into single terms. */
export function foldPhrases(terms: Term[]): Term[] {
  const out: Term[] = [];
  for (let i = 0; i < terms.length; ) {
    const match = phrases.find(([words]) => words.every((w, k) => terms[i + k]?.word === w));
    if (match) {
      const [words, folded] = match;
      const parts = terms.slice(i, i + words.length);
      out.push(makeTerm(parts.map((t) => t.raw).join(" "), folded, false));
      i += words.length;
    } else {
      out.push(terms[i] as Term);
      i += 1;
    }
  }
  return out;
}

/**
 * The terms of a question: words, numbers, dates and quoted values, in order, with phrases folded.
 * Identifiers written into the question (`temp_max`) split into their words, as column names do.
 *
 * @example
 * ```ts
 * questionTerms("Flights delayed by more than 60 minutes").map((t) => t.word);
 * // ["flights", "delayed", "by", "gt", "60", "minutes"]
 * ```
 */
export function questionTerms(question: string): Term[] {
  const terms: Term[] = [];
  for (const m of question.matchAll(tokenPattern)) {
    let raw = m[0];
    const quoted = /^["'].*["']$/.test(raw) && raw.length > 2;
    if (quoted) raw = raw.slice(1, -1);
    // "What's" is "what is"; other "'s" endings are possessives and drop.
    const copula = !quoted && /^(?:what|who|where|which|how|that|there|it|here)['’]s$/i.test(raw);
    if (!quoted) raw = raw.replace(/['’]s$/i, "").replace(/['’]/g, "");
    const first = terms.length === 0;
    if (quoted) {
      const term = makeTerm(raw, raw.toLowerCase(), true);
      term.quoted = true;
      terms.push(term);
      continue;
    }
    for (const [k, part] of identifierParts(raw).entries()) {
      const capital = !(first && k === 0) && /^\p{Lu}/u.test(part);
      terms.push(makeTerm(part, part.toLowerCase(), capital));
    }
    if (copula) terms.push(makeTerm("is", "is", false));
  }
  return foldPhrases(terms);
}

/** An all-caps or plain word stays whole (`AAPL`, `iPhone`); snake_case and digits-in-words split. */
function identifierParts(raw: string): string[] {
  if (/^[\d.,/-]+$/.test(raw) || !/[_\d]/.test(raw)) return [raw];
  return identifierWords(raw);
}

/** The terms of a column or table name, phrases folded the same way as in questions. */
export function nameTerms(name: string): Term[] {
  return foldPhrases(identifierWords(name).map((w) => makeTerm(w, w.toLowerCase(), false)));
}
