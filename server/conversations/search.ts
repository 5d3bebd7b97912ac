/**
 * Conversation search: `GET /api/conversations?q=`. One interface, `SearchIndex`, with one
 * implementation per database: SQLite FTS5 (search-fts5.ts) now, PostgreSQL tsvector later;
 * until then other databases use the plain LIKE scan (search-like.ts). Everything around the
 * index — cutting the query into words, ownership, paging, snippets — is shared and lives here.
 */
import { SqliteAdapter } from 'kysely';
import type { Conversation, ConversationPage } from '#common/conversations';
import type { Db } from '#server/db/database';
import { decodeSearchCursor, encodeSearchCursor } from './cursor';
import { createFts5Index } from './search-fts5';
import { createLikeIndex } from './search-like';
import { buildSnippet } from './search-snippet';
import { searchTerms } from './search-terms';
import * as store from './store';

/** One result: a conversation and, when a message matched (not only the title), its best one. */
export type SearchHit = { conversationId: string; messageId: string | null };

/** A page of ranked results, and whether more follow. */
export type SearchResult = { hits: SearchHit[]; more: boolean };

/**
 * A full-text index over conversation titles and message text (not reasoning).
 * `search` answers the user's own conversations that match every term — each term as a word
 * prefix, accents and case ignored — best first (relevance, then recency), each conversation
 * once, from `offset`. Terms are plain words (see search-terms.ts); an implementation quotes
 * them, so they are never query syntax. Implementations keep themselves in sync with the tables
 * (triggers, generated columns): callers never notify them.
 */
export type SearchIndex = {
  search(userId: string, terms: readonly string[], page: { offset: number; limit: number }): Promise<SearchResult>;
  /** Catches up with queued writes, for implementations that index in batches (search does it too). */
  sync?(): Promise<void>;
};

/**
 * The search index for a database: FTS5 on SQLite; elsewhere, for now, the LIKE scan. Built once
 * per process (services.ts) and reached as `ctx.search`.
 */
export function createSearchIndex(db: Db): SearchIndex {
  return db.getExecutor().adapter instanceof SqliteAdapter ? createFts5Index(db) : createLikeIndex(db);
}

/**
 * One page of the user's conversations matching `q`, best first, each with the best matching
 * message's id and a snippet of it. A query without any word (only punctuation or operators)
 * finds nothing.
 * @throws 400 naming `cursor` for a malformed cursor
 */
export async function searchConversations(
  db: Db,
  userId: string,
  q: string,
  page: { limit: number; cursor?: string | undefined },
  index: SearchIndex,
): Promise<ConversationPage> {
  const offset = page.cursor ? decodeSearchCursor(page.cursor) : 0;
  const terms = searchTerms(q);
  if (terms.length === 0) return { items: [], nextCursor: null };

  const { hits, more } = await index.search(userId, terms, { offset, limit: page.limit });
  const messageIds = hits.flatMap((h) => (h.messageId ? [h.messageId] : []));
  const [conversations, texts] = await Promise.all([
    store.findConversations(
      db,
      userId,
      hits.map((h) => h.conversationId),
    ),
    store.messageTexts(db, messageIds),
  ]);
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const items: Conversation[] = [];
  for (const hit of hits) {
    // Checked again here (the index filters by owner too): never another user's conversation.
    const conversation = byId.get(hit.conversationId);
    if (!conversation) continue;
    const item = store.publicConversation(conversation);
    const message = hit.messageId ? texts.get(hit.messageId) : undefined;
    if (hit.messageId && message?.conversationId === conversation.id) {
      const snippet = buildSnippet(message.content, terms);
      Object.assign(item, {
        matchMessageId: hit.messageId,
        snippet: snippet.text,
        snippetHighlights: snippet.highlights,
      });
    }
    items.push(item);
  }
  return { items, nextCursor: more ? encodeSearchCursor(offset + hits.length) : null };
}
