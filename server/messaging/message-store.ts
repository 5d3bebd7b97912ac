/**
 * Room messages, their mentions, reactions and attachments (migration 0009 tables). Every change
 * takes the room's next seq (store.ts `nextSeq`) in the same transaction, and sets the message's
 * `updatedSeq` to it: `?since=` catch-up is one indexed range read, in commit order.
 */
import type { ToolCall } from '#common/conversations';
import { REPLY_QUOTE_CHARS, type Attachment, type PersonRef, type RoomMessage } from '#common/messaging';
import type { Db } from '#server/db/database';
import type { RoomMessagesTable } from '#server/db/schema';
import type { Selectable } from 'kysely';
import { nextSeq } from './store';

export type RoomMessageRow = Selectable<RoomMessagesTable>;

/** A new message as the service hands it over (seq is taken here). */
export type NewRoomMessage = Omit<RoomMessageRow, 'seq' | 'updatedSeq' | 'editedAt' | 'deletedAt'> & {
  mentions: readonly string[];
  attachmentIds: readonly string[];
};

/** The message a sender already posted with this clientId, if any. */
export async function findByClientId(db: Db, senderId: string, clientId: string): Promise<RoomMessageRow | undefined> {
  return db
    .selectFrom('roomMessages')
    .selectAll()
    .where('senderId', '=', senderId)
    .where('clientId', '=', clientId)
    .executeTakeFirst();
}

/** One message of a room (tombstones included). */
export async function findMessage(db: Db, roomId: string, messageId: string): Promise<RoomMessageRow | undefined> {
  return db
    .selectFrom('roomMessages')
    .selectAll()
    .where('id', '=', messageId)
    .where('roomId', '=', roomId)
    .executeTakeFirst();
}

/**
 * Stores a message with its mentions and attachments under the room's next seq, in one
 * transaction. With a clientId already used by this sender, stores nothing and returns the first
 * message (`created: false`): the unique index makes that true even for two racing retries.
 */
export async function insertMessage(db: Db, m: NewRoomMessage): Promise<{ row: RoomMessageRow; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    if (m.senderId && m.clientId) {
      const existing = await findByClientId(trx, m.senderId, m.clientId);
      if (existing) return { row: existing, created: false };
    }
    const seq = await nextSeq(trx, m.roomId, m.createdAt);
    const { mentions, attachmentIds, ...rest } = m;
    const row: RoomMessageRow = { ...rest, seq, updatedSeq: seq, editedAt: null, deletedAt: null };
    await trx.insertInto('roomMessages').values(row).execute();
    if (mentions.length)
      await trx
        .insertInto('roomMentions')
        .values(mentions.map((userId) => ({ messageId: m.id, roomId: m.roomId, userId, seq })))
        .execute();
    if (attachmentIds.length)
      await trx
        .insertInto('roomAttachments')
        .values(attachmentIds.map((uploadId, position) => ({ messageId: m.id, uploadId, position })))
        .execute();
    return { row, created: true };
  });
}

/** Replaces a message's text and mentions (an edit), under the room's next seq. */
export async function editMessage(
  db: Db,
  roomId: string,
  messageId: string,
  text: string,
  mentions: readonly string[],
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx, roomId, now);
    await trx
      .updateTable('roomMessages')
      .set({ text, editedAt: now, updatedSeq: seq })
      .where('id', '=', messageId)
      .execute();
    await trx.deleteFrom('roomMentions').where('messageId', '=', messageId).execute();
    const original = await trx
      .selectFrom('roomMessages')
      .select('seq')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    if (mentions.length)
      await trx
        .insertInto('roomMentions')
        .values(mentions.map((userId) => ({ messageId, roomId, userId, seq: original.seq })))
        .execute();
  });
}

/** Turns a message into a tombstone: text, mentions, reactions and attachments go; the row stays. */
export async function tombstoneMessage(db: Db, roomId: string, messageId: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx, roomId, now);
    await trx
      .updateTable('roomMessages')
      .set({ text: '', deletedAt: now, updatedSeq: seq, toolCalls: null })
      .where('id', '=', messageId)
      .execute();
    await trx.deleteFrom('roomMentions').where('messageId', '=', messageId).execute();
    await trx.deleteFrom('roomReactions').where('messageId', '=', messageId).execute();
    await trx.deleteFrom('roomAttachments').where('messageId', '=', messageId).execute();
  });
}

/**
 * Adds or removes one member's reaction. Only a real change takes a seq: reacting twice with
 * the same emoji is not a change. Returns whether it changed.
 */
export async function setReaction(
  db: Db,
  roomId: string,
  messageId: string,
  userId: string,
  emoji: string,
  on: boolean,
  now: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = on
      ? await trx
          .insertInto('roomReactions')
          .values({ messageId, userId, emoji, createdAt: now })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
          .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
      : await trx
          .deleteFrom('roomReactions')
          .where('messageId', '=', messageId)
          .where('userId', '=', userId)
          .where('emoji', '=', emoji)
          .executeTakeFirst()
          .then((r) => Number(r.numDeletedRows));
    if (result === 0) return false;
    const seq = await nextSeq(trx, roomId, now);
    await trx.updateTable('roomMessages').set({ updatedSeq: seq }).where('id', '=', messageId).execute();
    return true;
  });
}

/** History: the page of messages before `beforeSeq` (or the newest), newest first. */
export async function messagesBefore(
  db: Db,
  roomId: string,
  beforeSeq: number | null,
  limit: number,
): Promise<RoomMessageRow[]> {
  let q = db.selectFrom('roomMessages').selectAll().where('roomId', '=', roomId);
  if (beforeSeq !== null) q = q.where('seq', '<', beforeSeq);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}

/** Catch-up: messages changed after `since`, oldest change first. */
export async function messagesSince(db: Db, roomId: string, since: number, limit: number): Promise<RoomMessageRow[]> {
  return db
    .selectFrom('roomMessages')
    .selectAll()
    .where('roomId', '=', roomId)
    .where('updatedSeq', '>', since)
    .orderBy('updatedSeq')
    .limit(limit)
    .execute();
}

/** The newest live message of some rooms (the room list's preview). */
export async function lastMessages(db: Db, roomIds: readonly string[]): Promise<RoomMessageRow[]> {
  if (roomIds.length === 0) return [];
  return db
    .selectFrom('roomMessages as m')
    .selectAll('m')
    .where('m.roomId', 'in', roomIds)
    .where((eb) =>
      eb(
        'm.seq',
        '=',
        eb
          .selectFrom('roomMessages as n')
          .select((e) => e.fn.max('n.seq').as('s'))
          .whereRef('n.roomId', '=', 'm.roomId')
          .where('n.deletedAt', 'is', null),
      ),
    )
    .execute();
}

/** Sets an assistant reply's text (and tool calls) while it streams: no seq (not every flush). */
export async function saveAssistantProgress(
  db: Db,
  messageId: string,
  text: string,
  toolCalls: readonly ToolCall[] | null,
): Promise<void> {
  await db
    .updateTable('roomMessages')
    .set({ text, toolCalls: toolCalls?.length ? JSON.stringify(toolCalls) : null })
    .where('id', '=', messageId)
    .execute();
}

type Extras = {
  people: Map<string, PersonRef>;
  quotes: Map<string, RoomMessageRow>;
  mentions: Map<string, string[]>;
  reactions: Map<string, Map<string, string[]>>;
  attachments: Map<string, Attachment[]>;
};

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** Loads what the rows' API shape needs (senders, quotes, mentions, reactions, files) in 5 reads. */
async function loadExtras(db: Db, rows: readonly RoomMessageRow[]): Promise<Extras> {
  const ids = rows.map((r) => r.id);
  const replyIds = [...new Set(rows.flatMap((r) => (r.replyToId ? [r.replyToId] : [])))];
  const quotes = new Map<string, RoomMessageRow>();
  if (replyIds.length)
    for (const q of await db.selectFrom('roomMessages').selectAll().where('id', 'in', replyIds).execute())
      quotes.set(q.id, q);
  const senderIds = [...new Set([...rows, ...quotes.values()].flatMap((r) => (r.senderId ? [r.senderId] : [])))];
  const people = new Map<string, PersonRef>();
  if (senderIds.length)
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'username', 'displayName'])
      .where('id', 'in', senderIds)
      .execute())
      people.set(u.id, u);
  const mentions = new Map<string, string[]>();
  const reactions = new Map<string, Map<string, string[]>>();
  const attachments = new Map<string, Attachment[]>();
  if (ids.length) {
    for (const m of await db
      .selectFrom('roomMentions')
      .select(['messageId', 'userId'])
      .where('messageId', 'in', ids)
      .execute())
      push(mentions, m.messageId, m.userId);
    const reactionRows = await db
      .selectFrom('roomReactions')
      .select(['messageId', 'userId', 'emoji'])
      .where('messageId', 'in', ids)
      .orderBy('createdAt')
      .orderBy('userId')
      .execute();
    for (const r of reactionRows) {
      let byEmoji = reactions.get(r.messageId);
      if (!byEmoji) reactions.set(r.messageId, (byEmoji = new Map<string, string[]>()));
      push(byEmoji, r.emoji, r.userId);
    }
    const files = await db
      .selectFrom('roomAttachments')
      .innerJoin('uploads', 'uploads.id', 'roomAttachments.uploadId')
      .select(['roomAttachments.messageId', 'uploads.id', 'uploads.name', 'uploads.type', 'uploads.size'])
      .where('roomAttachments.messageId', 'in', ids)
      .orderBy('roomAttachments.position')
      .execute();
    for (const f of files) push(attachments, f.messageId, { id: f.id, name: f.name, type: f.type, size: f.size });
  }
  return { people, quotes, mentions, reactions, attachments };
}

function toRoomMessage(row: RoomMessageRow, x: Extras): RoomMessage {
  const message: RoomMessage = {
    id: row.id,
    roomId: row.roomId,
    seq: row.seq,
    updatedSeq: row.updatedSeq,
    kind: row.kind,
    sender: row.senderId ? (x.people.get(row.senderId) ?? null) : null,
    text: row.text,
    mentions: x.mentions.get(row.id) ?? [],
    reactions: [...(x.reactions.get(row.id) ?? new Map<string, string[]>())].map(([emoji, userIds]) => ({
      emoji,
      userIds,
    })),
    attachments: x.attachments.get(row.id) ?? [],
    createdAt: row.createdAt,
  };
  const quote = row.replyToId ? x.quotes.get(row.replyToId) : undefined;
  if (quote)
    message.replyTo = {
      id: quote.id,
      sender: quote.senderId ? (x.people.get(quote.senderId) ?? null) : null,
      text: [...quote.text].slice(0, REPLY_QUOTE_CHARS).join(''),
      ...(quote.deletedAt ? { deleted: true } : {}),
    };
  if (row.status) message.status = row.status;
  if (row.toolCalls) message.toolCalls = JSON.parse(row.toolCalls) as ToolCall[];
  if (row.askedBy) message.askedBy = row.askedBy;
  if (row.clientId) message.clientId = row.clientId;
  if (row.editedAt) message.editedAt = row.editedAt;
  if (row.deletedAt) message.deletedAt = row.deletedAt;
  return message;
}

/** Rows → the API shape, in the rows' order. */
export async function toRoomMessages(db: Db, rows: readonly RoomMessageRow[]): Promise<RoomMessage[]> {
  if (rows.length === 0) return [];
  const extras = await loadExtras(db, rows);
  return rows.map((r) => toRoomMessage(r, extras));
}

/** One message in its current state, or undefined. */
export async function loadRoomMessage(db: Db, roomId: string, messageId: string): Promise<RoomMessage | undefined> {
  const row = await findMessage(db, roomId, messageId);
  return row ? (await toRoomMessages(db, [row]))[0] : undefined;
}
