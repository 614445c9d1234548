/**
 * Splits a session search into lower-cased words. A session matches when every word appears in its title
 * or in the text of one of its messages (words may be in different messages).
 */
export function searchTerms(search: string | undefined): string[] {
  if (!search) return [];
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0)
    .slice(0, 20);
}
