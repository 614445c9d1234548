/**
 * How text becomes search terms for the in-process BM25 index: the same for chunks and queries, so that a
 * query term matches exactly the chunk terms it should.
 */

/**
 * Words too common to tell passages apart, and the question words people start with. Kept small on purpose:
 * "not", "no" and numbers carry meaning in a policy text and stay.
 */
const stopWords: ReadonlySet<string> = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each few for from further had has have having he " +
    "her here hers herself him himself his how i if in into is it its itself just me more most my myself of " +
    "off on once only or other our ours ourselves out over own same she should so some such than that the " +
    "their theirs them themselves then there these they this those through to too under until up very was " +
    "we were what when where which while who whom why will with would you your yours yourself yourselves " +
    "tell show give find please"
  ).split(" "),
);

// Runs of letters and digits; a decimal point between digits stays inside the number ("3.5").
const tokenPattern = /[\p{L}\p{N}]+(?:\.\p{N}+)*/gu;
// "4,250" is one number, not "4" and "250".
const thousandsSeparator = /(?<=\p{N}),(?=\p{N}{3}(?!\p{N}))/gu;
// "company's" means "company"; "it’s" → "it" (a stop word).
const possessive = /['’]s\b/gu;
const combiningMark = /\p{M}+/gu;

/**
 * Splits text into lower-case tokens: letters and digits, accents folded ("Café" → "cafe"), thousands
 * separators and possessive 's dropped.
 */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(combiningMark, "")
    .toLowerCase()
    .replace(thousandsSeparator, "")
    .replace(possessive, "");
  return folded.match(tokenPattern) ?? [];
}

/**
 * The index term of a token, or null for a stop word or a lone letter. Plural and verb endings are cut by a
 * light stemmer, so that "refunds" finds "refund" and "approved" finds "approves".
 */
export function termOf(token: string): string | null {
  if (stopWords.has(token)) return null;
  if (token.length === 1 && !/\p{N}/u.test(token)) return null;
  return stem(token);
}

/** The terms of a text, in order, repeats kept. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = termOf(token);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/**
 * A deliberately light English stemmer in the manner of Porter's first step: plurals, then -ed and -ing,
 * then a final -e, so that "approve", "approves", "approved" and "approving" all meet at "approv". Words of
 * three letters or fewer and anything with a digit stay as they are. Derivational suffixes (-ation, -ness)
 * are left alone: cutting them merges words people keep apart ("policy" and "police").
 */
export function stem(term: string): string {
  if (term.length <= 3 || /\p{N}/u.test(term)) return term;
  let root = inflection(plural(term));
  if (root.length > 4 && root.endsWith("e")) root = root.slice(0, -1);
  return root;
}

function plural(term: string): string {
  if (term.endsWith("sses")) return term.slice(0, -2);
  if (term.endsWith("ies") && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith("s") && !/(?:ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

function inflection(term: string): string {
  // "speed", "need", "agreed": the -ed is part of the word, or cutting it would not meet the base form.
  if (term.endsWith("eed")) return term;
  if (term.endsWith("ied") && term.length > 4) return `${term.slice(0, -3)}y`;
  for (const suffix of ["ed", "ing"]) {
    if (!term.endsWith(suffix)) continue;
    const root = term.slice(0, -suffix.length);
    // "string", "red": no vowel left means the ending was not an inflection.
    if (root.length >= 3 && /[aeiouy]/.test(root)) return undouble(root);
  }
  return term;
}

// "planned" → "plann" → "plan", to meet "plan"; "add" and "fall" keep their double letter.
function undouble(root: string): string {
  return root.length >= 4 && /([b-df-hj-kmnp-rtv-y])\1$/.test(root) ? root.slice(0, -1) : root;
}
