/**
 * Search snippets: a short stretch of plain text around the words that matched, with the
 * matched words as offset ranges. Never markup: the client escapes the text and wraps the
 * ranges itself, so a message holding `<img onerror=…>` shows as those characters. Built here,
 * not by the database, so every search implementation (FTS5 now, tsvector later) shares it.
 */
import type { SnippetRange } from '#common/conversations';
import { fold } from './search-terms';

/** A snippet and its highlighted ranges (UTF-16 offsets into `text`). */
export type Snippet = { text: string; highlights: SnippetRange[] };

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const NON_ASCII = /[^\x00-\x7f]/;
const ELLIPSIS = '…';
/** Characters of context kept before the first match (the list shows about 70 in two lines). */
const LEAD = 24;
/** Matches looked at when choosing the window: enough for any snippet, bounded for huge texts. */
const MAX_MATCHES = 200;

type Match = { start: number; end: number; term: number };

/** The words of `text` that start with one of the (folded) terms, in order. */
function findMatches(text: string, folded: readonly string[]): Match[] {
  const matches: Match[] = [];
  for (const m of text.matchAll(TOKEN)) {
    // Most words are plain ASCII: lower-casing is all the folding they need (and much cheaper).
    const word = NON_ASCII.test(m[0]) ? fold(m[0]) : m[0].toLowerCase();
    const term = folded.findIndex((t) => word.startsWith(t));
    if (term >= 0) matches.push({ start: m.index, end: m.index + m[0].length, term });
    if (matches.length === MAX_MATCHES) break;
  }
  return matches;
}

/** The index of the match whose window (starting LEAD before it) shows the most distinct terms. */
function bestAnchor(matches: readonly Match[], width: number): number {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < matches.length; i++) {
    const limit = matches[i]!.start - LEAD + width;
    const terms = new Set<number>();
    for (let j = i; j < matches.length && matches[j]!.end <= limit; j++) terms.add(matches[j]!.term);
    if (terms.size > bestCount) {
      best = i;
      bestCount = terms.size;
    }
  }
  return best;
}

/** Moves a cut off the middle of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
}

/**
 * About `width` characters of `content` (whitespace collapsed) around its best cluster of
 * words starting with `terms`, cut at word boundaries, with `…` where text was left out.
 * With no matching word, the start of the text and no highlights.
 */
export function buildSnippet(content: string, terms: readonly string[], width = 160): Snippet {
  const text = content.replace(/\s+/g, ' ').trim();
  const matches = findMatches(
    text,
    terms.map(fold).filter((t) => t !== ''),
  );
  let start = 0;
  if (matches.length > 0) {
    start = Math.max(0, matches[bestAnchor(matches, width)]!.start - LEAD);
    // Begin at a word: skip forward past the space that precedes it, unless that passes the match.
    if (start > 0) {
      const space = text.indexOf(' ', start);
      const first = matches.find((m) => m.start >= start);
      if (space >= 0 && first && space < first.start) start = space + 1;
    }
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + width / 2) end = space;
  }
  start = safeCut(text, start);
  end = safeCut(text, end);
  const lead = start > 0 ? ELLIPSIS : '';
  const snippet = lead + text.slice(start, end).trim() + (end < text.length ? ELLIPSIS : '');
  // trim() above only removes a space right after `start` (never before: start is at a word).
  const shift = lead.length - start - (text[start] === ' ' ? 1 : 0);
  const highlights = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m) => ({ start: m.start + shift, end: m.end + shift }));
  return { text: snippet, highlights };
}
