import type { DocumentHit } from "../documents/document-ports.js";
import { limits } from "../model/common.js";
import type { Citation, CitationsPart } from "../model/message-part.js";

/** The most passages an answer cites. */
export const maxCitations = 8;

/** The most characters of a passage a citation quotes. */
const maxQuoteChars = 4_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the answer names the hit as `file, p. N` (or `page N`); a file without pages by its name. */
function isNamedIn(text: string, hit: DocumentHit): boolean {
  const file = escapeRegExp(hit.fileName);
  const pattern =
    hit.page === null
      ? new RegExp(file, "i")
      : new RegExp(`${file}\\W{0,4}(?:p\\.|pp\\.|page)\\s*${hit.page}(?!\\d)`, "i");
  return pattern.test(text);
}

/**
 * The citations part of an answer: the passages the turn's searches returned, each once (by chunk, at its
 * best score), best first, at most {@link maxCitations}. When the answer names some of them as
 * `[file, p. N]`, only those are cited: they are the passages it used. `null` when nothing was found.
 */
export function citationsPart(hits: readonly DocumentHit[], answerText: string): CitationsPart | null {
  const best = new Map<string, DocumentHit>();
  for (const hit of hits) {
    const seen = best.get(hit.chunkId);
    if (!seen || seen.score < hit.score) best.set(hit.chunkId, hit);
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const named = ranked.filter((hit) => isNamedIn(answerText, hit));
  const cited = (named.length > 0 ? named : ranked).slice(0, maxCitations);
  if (cited.length === 0) return null;
  return {
    type: "citations",
    citations: cited.map(
      (hit): Citation => ({
        documentId: hit.documentId,
        fileName: hit.fileName.slice(0, limits.nameLength),
        page: hit.page,
        content: hit.text.length > maxQuoteChars ? `${hit.text.slice(0, maxQuoteChars)}…` : hit.text,
        score: hit.score,
      }),
    ),
  };
}
