/** Turning matching documents into ranked conversations: shared by every SearchIndex. */
import type { SearchHit, SearchResult } from './search';

/**
 * A matching document: a message (messageId) or a conversation title (messageId null).
 * `score`: lower is better (SQLite's bm25() is negative, best most negative); `recency`:
 * higher is newer.
 */
export type Candidate = { conversationId: string; messageId: string | null; score: number; recency: number };

type Group = { conversationId: string; score: number; recency: number; message: { id: string; score: number } | null };

/**
 * Each conversation once, ranked by its best document's score, then by its newest match;
 * its best-scoring message is the one shown (a title-only match has none). Then one page.
 */
export function rankConversations(
  candidates: Iterable<Candidate>,
  page: { offset: number; limit: number },
): SearchResult {
  const groups = new Map<string, Group>();
  for (const c of candidates) {
    let g = groups.get(c.conversationId);
    if (!g) {
      g = { conversationId: c.conversationId, score: c.score, recency: c.recency, message: null };
      groups.set(c.conversationId, g);
    }
    g.score = Math.min(g.score, c.score);
    g.recency = Math.max(g.recency, c.recency);
    if (c.messageId && (!g.message || c.score < g.message.score)) g.message = { id: c.messageId, score: c.score };
  }
  const ranked = [...groups.values()].sort((a, b) => a.score - b.score || b.recency - a.recency);
  const hits: SearchHit[] = ranked
    .slice(page.offset, page.offset + page.limit)
    .map((g) => ({ conversationId: g.conversationId, messageId: g.message?.id ?? null }));
  return { hits, more: ranked.length > page.offset + page.limit };
}
