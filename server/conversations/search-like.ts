/**
 * SearchIndex as a plain LIKE scan: what full-text search replaces. It serves databases that
 * have no full-text implementation yet, and is the benchmark's baseline. Every term must appear
 * (case-insensitive for ASCII, accents not folded); newest first, no relevance ranking.
 */
import type { Db } from '#server/db/database';
import type { SearchIndex } from './search';
import { rankConversations, type Candidate } from './search-rank';
import * as store from './store';

/** Documents scanned for at most: the same bound as the FTS5 implementation. */
const LIMIT = 2000;

/** `%term%` with LIKE's wildcards escaped (the store's query uses `escape '\'`). */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The LIKE implementation over `db` (any dialect). */
export function createLikeIndex(db: Db): SearchIndex {
  return {
    async search(userId, terms, page) {
      const { messages, titles } = await store.likeScan(db, userId, terms.map(likePattern), LIMIT);
      // Everything scores alike, so recency alone orders: newest message first, then title-only hits.
      const candidates: Candidate[] = [
        ...messages.map((m, i) => ({
          conversationId: m.conversationId,
          messageId: m.messageId,
          score: 0,
          recency: -i,
        })),
        ...titles.map((id, i) => ({ conversationId: id, messageId: null, score: 0, recency: -messages.length - i })),
      ];
      return rankConversations(candidates, page);
    },
  };
}
