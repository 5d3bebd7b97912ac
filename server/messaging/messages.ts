/**
 * Room messages: posting (idempotent on clientId), history and catch-up, edits, deletions
 * (tombstones), reactions and read markers. A change is committed, with the room's next seq,
 * before any member is told of it.
 */
import type { User } from '#common/auth';
import {
  isEmoji,
  type EditRoomMessageBody,
  type PostRoomMessageBody,
  type RoomMessage,
  type RoomMessagePage,
  type RoomMessagesQuery,
} from '#common/messaging';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { badRequest, conflict, forbidden, notFound } from '#server/errors';
import { requireRoom, type MessagingDeps } from './access';
import { checkDirectMessage, checkPeopleSend } from '#server/safety/family/gate';
import type { RoomOfMember } from './store';
import { publishToRoom, publishToUser } from './fanout';
import { parseMentions } from './mentions';
import * as messageStore from './message-store';
import * as store from './store';
import { uploadIdsOfMessage } from './upload-store';
import { checkAttachable, removeFilesOfMessage } from './uploads';

/** Tells every member of the room how a message now stands. */
async function announce(deps: MessagingDeps, roomId: string, messageId: string): Promise<RoomMessage> {
  const message = await messageStore.loadRoomMessage(deps.db, roomId, messageId);
  if (!message) throw notFound('That message');
  await publishToRoom(deps, roomId, { type: 'room.message', roomId, message });
  return message;
}

/** The member's unread and mention counts of a room, told to their own tabs. */
export async function announceRead(deps: MessagingDeps, userId: string, roomId: string): Promise<void> {
  const counts = (await store.unreadCounts(deps.db, userId, [roomId])).get(roomId) ?? { unread: 0, mentions: 0 };
  publishToUser(deps, userId, { type: 'room.read', roomId, ...counts });
}

/** History (`before`) or catch-up (`since`) of a room. */
export async function listMessages(
  deps: MessagingDeps,
  userId: string,
  roomId: string,
  query: RoomMessagesQuery,
): Promise<RoomMessagePage> {
  await requireRoom(deps, roomId, userId);
  if (query.since !== undefined && query.before !== undefined)
    throw badRequest('Use either `since` or `before`, not both.', 'since');
  if (query.since !== undefined) {
    const rows = await messageStore.messagesSince(deps.db, roomId, query.since, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? String(page[page.length - 1]!.updatedSeq) : null;
    return { items: await messageStore.toRoomMessages(deps.db, page), nextCursor };
  }
  let beforeSeq: number | null = null;
  if (query.before !== undefined) {
    const anchor = await messageStore.findMessage(deps.db, roomId, query.before);
    if (!anchor) throw badRequest('before: that message is not in this room.', 'before');
    beforeSeq = anchor.seq;
  }
  const rows = await messageStore.messagesBefore(deps.db, roomId, beforeSeq, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? page[page.length - 1]!.id : null;
  return { items: await messageStore.toRoomMessages(deps.db, page), nextCursor };
}

/** Posts a message; `created: false` when this clientId was already used (the same message). */
export async function postMessage(
  deps: MessagingDeps,
  user: User,
  roomId: string,
  body: PostRoomMessageBody,
): Promise<{ message: RoomMessage; created: boolean }> {
  const room = await requireRoom(deps, roomId, user.id);
  if (body.clientId) {
    const earlier = await messageStore.findByClientId(deps.db, user.id, body.clientId);
    if (earlier) return { message: await sameSend(deps, earlier, roomId), created: false };
  }
  await checkFamilyRules(deps, user, room);
  const attachmentIds = await checkAttachable(deps, user.id, body.attachmentIds ?? []);
  if (body.text.trim() === '' && attachmentIds.length === 0) throw badRequest('text: write a message first.', 'text');
  if (body.replyToId) {
    const target = await messageStore.findMessage(deps.db, roomId, body.replyToId);
    if (!target) throw badRequest('replyToId: that message is not in this room.', 'replyToId');
    if (target.deletedAt) throw badRequest('replyToId: that message was deleted.', 'replyToId');
  }
  const members = await store.membersOfRooms(deps.db, [roomId]);
  const { row, created } = await messageStore.insertMessage(deps.db, {
    id: newId(),
    roomId,
    kind: 'person',
    senderId: user.id,
    text: body.text,
    replyToId: body.replyToId ?? null,
    clientId: body.clientId ?? null,
    status: null,
    toolCalls: null,
    askedBy: null,
    createdAt: nowIso(),
    mentions: parseMentions(body.text, members.get(roomId) ?? [], user.id),
    attachmentIds,
  });
  if (!created) return { message: await sameSend(deps, row, roomId), created: false };
  const message = await announce(deps, roomId, row.id);
  // What one writes, one has read.
  if (await store.advanceReadMarker(deps.db, roomId, user.id, row.seq)) await announceRead(deps, user.id, roomId);
  return { message, created };
}

/**
 * A supervised member's people-chat rules (safety/family/gate.ts): quiet hours when their
 * guardian chose so, and in a direct room, whom either side may message directly.
 * @throws 403 quiet_hours, 403 not_allowed_for_supervised
 */
async function checkFamilyRules(deps: MessagingDeps, user: User, room: Pick<RoomOfMember, 'id' | 'kind'>) {
  await checkPeopleSend(deps, user);
  if (room.kind !== 'direct') return;
  const other = (await store.memberIdsOf(deps.db, room.id)).find((id) => id !== user.id);
  if (other) await checkDirectMessage(deps, user, other);
}

/** The message of an earlier send with the same clientId (409 if that was in another room). */
async function sameSend(deps: MessagingDeps, row: messageStore.RoomMessageRow, roomId: string): Promise<RoomMessage> {
  if (row.roomId !== roomId) throw conflict('clientId: already used for a message in another room.', 'clientId');
  const [message] = await messageStore.toRoomMessages(deps.db, [row]);
  return message!;
}

/** A message of the room that the caller sent and that still stands. */
async function ownLiveMessage(deps: MessagingDeps, user: User, roomId: string, messageId: string) {
  await requireRoom(deps, roomId, user.id);
  const row = await messageStore.findMessage(deps.db, roomId, messageId);
  if (!row) throw notFound('That message');
  if (row.senderId !== user.id || row.kind !== 'person') throw forbidden('You can only change your own messages.');
  if (row.deletedAt) throw conflict('That message was deleted.');
  return row;
}

/** The sender edits their message. */
export async function editMessage(
  deps: MessagingDeps,
  user: User,
  roomId: string,
  messageId: string,
  body: EditRoomMessageBody,
): Promise<RoomMessage> {
  const row = await ownLiveMessage(deps, user, roomId, messageId);
  await checkFamilyRules(deps, user, await requireRoom(deps, roomId, user.id));
  if (body.text.trim() === '' && !(await hasFiles(deps, row.id)))
    throw badRequest('text: a message cannot be empty (delete it instead).', 'text');
  if (body.text === row.text) return (await messageStore.toRoomMessages(deps.db, [row]))[0]!;
  const members = await store.membersOfRooms(deps.db, [roomId]);
  const mentions = parseMentions(body.text, members.get(roomId) ?? [], user.id);
  await messageStore.editMessage(deps.db, roomId, messageId, body.text, mentions, nowIso());
  return announce(deps, roomId, messageId);
}

async function hasFiles(deps: MessagingDeps, messageId: string): Promise<boolean> {
  return (await uploadIdsOfMessage(deps.db, messageId)).length > 0;
}

/** The sender deletes their message: it stays as a tombstone; its files go. */
export async function deleteMessage(deps: MessagingDeps, user: User, roomId: string, messageId: string): Promise<void> {
  await ownLiveMessage(deps, user, roomId, messageId);
  await removeFilesOfMessage(deps, messageId, () =>
    messageStore.tombstoneMessage(deps.db, roomId, messageId, nowIso()),
  );
  await announce(deps, roomId, messageId);
}

/** Adds or removes the caller's reaction (a real emoji only). */
export async function react(
  deps: MessagingDeps,
  user: User,
  roomId: string,
  messageId: string,
  emoji: string,
  on: boolean,
): Promise<void> {
  await requireRoom(deps, roomId, user.id);
  const normalised = emoji.normalize('NFC');
  if (!isEmoji(normalised)) throw badRequest('emoji: react with one emoji, like 👍.', 'emoji');
  const row = await messageStore.findMessage(deps.db, roomId, messageId);
  if (!row) throw notFound('That message');
  if (row.deletedAt) throw conflict('That message was deleted.');
  if (await messageStore.setReaction(deps.db, roomId, messageId, user.id, normalised, on, nowIso()))
    await announce(deps, roomId, messageId);
}

/** Moves the caller's read marker to a message (never backwards). */
export async function markRead(deps: MessagingDeps, user: User, roomId: string, lastReadId: string): Promise<void> {
  await requireRoom(deps, roomId, user.id);
  const row = await messageStore.findMessage(deps.db, roomId, lastReadId);
  if (!row) throw badRequest('lastReadId: that message is not in this room.', 'lastReadId');
  // The marker counts in seq: the seq the message was posted with.
  if (await store.advanceReadMarker(deps.db, roomId, user.id, row.seq)) await announceRead(deps, user.id, roomId);
}
