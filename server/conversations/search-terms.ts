/**
 * What the user typed → the words to look for. User input is never handed to a search engine
 * as query syntax: it is cut into words here (letters and digits; everything else separates),
 * and each implementation quotes every word itself. So quotes, `OR`, `NEAR(…)`, `*`, `:`,
 * `-`, parentheses and column names are just text, and can neither fail nor widen a search.
 */

/** At most this many words count; more would only make a query slower, not better. */
export const MAX_TERMS = 8;
/** Longer "words" (a pasted hash, a URL without separators) are cut to this many characters. */
export const MAX_TERM_LENGTH = 64;

// A word: letters, digits and combining marks, with at least one letter or digit.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Lower-case, accents removed (NFKD, then combining marks dropped): how the full-text index
 * compares words (`unicode61 remove_diacritics 2`), so "Café" and "cafe" fold alike.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * The distinct words of a query, in order, at most MAX_TERMS, each at most MAX_TERM_LENGTH
 * characters. An empty array means there is nothing to search for (the caller answers "no
 * results", never "everything").
 */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const match of q.normalize('NFC').matchAll(WORD)) {
    const word = [...match[0]].slice(0, MAX_TERM_LENGTH).join('');
    if (!HAS_LETTER_OR_DIGIT.test(word)) continue;
    const key = fold(word);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    terms.push(word);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}
