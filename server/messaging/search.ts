/**
 * Search of room messages, with the same approach as conversation search: the words cut by
 * search-terms.ts (never query syntax), matched as prefixes in an FTS5 index kept by triggers
 * (migration 0009), snippets built the same way. Only rooms the caller is a member of are read:
 * the membership join is inside the query, so a hit from another room cannot come back.
 */
import { SqliteAdapter, sql } from 'kysely';
import type { RoomSearchHit } from '#common/messaging';
import { fts5Expression } from '#server/conversations/search-fts5';
import { buildSnippet } from '#server/conversations/search-snippet';
import { searchTerms } from '#server/conversations/search-terms';
import type { MessagingDeps } from './access';
import { FORMER_MEMBER } from './rooms';

type Row = {
  messageId: string;
  roomId: string;
  seq: number;
  text: string;
  createdAt: string;
  senderId: string | null;
  username: string | null;
  displayName: string | null;
  roomKind: 'room' | 'direct';
  roomName: string;
};

/** The caller's best-matching room messages (at most `limit`), best first, then newest. */
export async function searchRoomMessages(
  deps: Pick<MessagingDeps, 'db'>,
  userId: string,
  q: string,
  limit: number,
): Promise<RoomSearchHit[]> {
  const terms = searchTerms(q);
  // PostgreSQL gets its own index with PostgreSQL support; until then no room hits there.
  if (terms.length === 0 || !(deps.db.getExecutor().adapter instanceof SqliteAdapter)) return [];
  const result = await sql<Row>`
    SELECT m.id AS message_id, m.room_id, m.seq, m.text, m.created_at, m.sender_id,
      u.username, u.display_name, r.kind AS room_kind, r.name AS room_name
    FROM room_search_fts f
    JOIN room_search_docs d ON d.id = f.rowid
    JOIN room_members rm ON rm.room_id = d.room_id AND rm.user_id = ${userId}
    JOIN room_messages m ON m.id = d.message_id AND m.deleted_at IS NULL
    JOIN rooms r ON r.id = m.room_id
    LEFT JOIN users u ON u.id = m.sender_id
    WHERE room_search_fts MATCH ${fts5Expression(terms)}
    ORDER BY bm25(room_search_fts), d.id DESC
    LIMIT ${limit}`.execute(deps.db);
  const directNames = await otherNames(
    deps,
    userId,
    result.rows.filter((r) => r.roomKind === 'direct').map((r) => r.roomId),
  );
  return result.rows.map((r) => {
    const snippet = buildSnippet(r.text, terms);
    return {
      roomId: r.roomId,
      roomName: r.roomKind === 'direct' ? (directNames.get(r.roomId) ?? FORMER_MEMBER) : r.roomName,
      messageId: r.messageId,
      seq: r.seq,
      sender:
        r.senderId && r.username && r.displayName
          ? { id: r.senderId, username: r.username, displayName: r.displayName }
          : null,
      snippet: snippet.text,
      snippetHighlights: snippet.highlights,
      createdAt: r.createdAt,
    };
  });
}

/** A direct room's name for the caller: the other person's display name. */
async function otherNames(
  deps: Pick<MessagingDeps, 'db'>,
  userId: string,
  roomIds: string[],
): Promise<Map<string, string>> {
  if (roomIds.length === 0) return new Map();
  const rows = await deps.db
    .selectFrom('roomMembers')
    .innerJoin('users', 'users.id', 'roomMembers.userId')
    .select(['roomMembers.roomId', 'users.displayName'])
    .where('roomMembers.roomId', 'in', [...new Set(roomIds)])
    .where('roomMembers.userId', '<>', userId)
    .execute();
  return new Map(rows.map((r) => [r.roomId, r.displayName]));
}
