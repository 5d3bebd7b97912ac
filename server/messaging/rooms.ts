/**
 * Rooms and direct rooms: making them, who is in them, and how each member sees them (their own
 * unread and mention counts, mute, read marker; a direct room is named after the other person).
 */
import type { User } from '#common/auth';
import { checkDirectMessage, checkRoomMembers } from '#server/safety/family/gate';
import type { AdminRoom, CreateRoomBody, PatchRoomBody, Room } from '#common/messaging';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { badRequest, conflict, forbidden, notFound } from '#server/errors';
import { requireRoom, type MessagingDeps } from './access';
import { publishToUser } from './fanout';
import { lastMessages, toRoomMessages } from './message-store';
import { chatEnabled, findPerson } from './people-store';
import * as store from './store';
import { removeFilesOfRoom } from './uploads';

/** A deleted account's name, wherever one is shown. */
export const FORMER_MEMBER = 'Former member';

/** How each of these rooms looks to `userId`. */
async function viewsOf(deps: MessagingDeps, rooms: store.RoomOfMember[], userId: string): Promise<Room[]> {
  const ids = rooms.map((r) => r.id);
  const [members, counts, lasts] = await Promise.all([
    store.membersOfRooms(deps.db, ids),
    store.unreadCounts(deps.db, userId, ids),
    lastMessages(deps.db, ids).then((rows) => toRoomMessages(deps.db, rows)),
  ]);
  const lastByRoom = new Map(lasts.map((m) => [m.roomId, m]));
  return rooms.map((r) => {
    const list = members.get(r.id) ?? [];
    const other = list.find((m) => m.id !== userId);
    const room: Room = {
      id: r.id,
      kind: r.kind,
      name: r.kind === 'direct' ? (other?.displayName ?? FORMER_MEMBER) : r.name,
      description: r.description,
      members: list,
      unread: counts.get(r.id)?.unread ?? 0,
      mentions: counts.get(r.id)?.mentions ?? 0,
      muted: r.muted === 1,
      lastSeq: r.lastSeq,
      lastReadSeq: r.lastReadSeq,
      createdAt: r.createdAt,
      updatedAt: r.lastActivityAt && r.lastActivityAt > r.updatedAt ? r.lastActivityAt : r.updatedAt,
    };
    const last = lastByRoom.get(r.id);
    if (last) room.lastMessage = last;
    return room;
  });
}

/** One room as `userId` sees it (404 when not a member). */
export async function getRoom(deps: MessagingDeps, userId: string, roomId: string): Promise<Room> {
  const [room] = await viewsOf(deps, [await requireRoom(deps, roomId, userId)], userId);
  return room!;
}

/** The caller's rooms, most recent activity first. */
export async function listRooms(deps: MessagingDeps, userId: string): Promise<Room[]> {
  return viewsOf(deps, await store.listRoomsOfMember(deps.db, userId), userId);
}

/** Tells every member how the room now looks to them (each gets their own view). */
export async function announceRoom(deps: MessagingDeps, roomId: string): Promise<void> {
  for (const userId of await store.memberIdsOf(deps.db, roomId)) {
    const room = await store.findRoomOfMember(deps.db, roomId, userId);
    if (room) publishToUser(deps, userId, { type: 'room.updated', room: (await viewsOf(deps, [room], userId))[0]! });
  }
}

/** A person who can be put in a room: an active account with people chat on. */
async function requirePerson(deps: MessagingDeps, userId: string, field: string) {
  const person = await findPerson(deps.db, userId);
  if (!person) throw badRequest(`${field}: there is no such person.`, field);
  if (!(await chatEnabled(deps.db, userId)))
    throw badRequest(`${field}: ${person.displayName} cannot use people chat.`, field);
  return person;
}

/** Makes a room; the caller is its owner. */
export async function createRoom(deps: MessagingDeps, user: User, body: CreateRoomBody): Promise<Room> {
  const others = [...new Set(body.memberIds)].filter((id) => id !== user.id);
  for (const [i, id] of others.entries()) await requirePerson(deps, id, `memberIds.${i}`);
  await checkRoomMembers(deps, user, others);
  const now = nowIso();
  const id = newId();
  await store.insertRoom(
    deps.db,
    {
      id,
      kind: 'room',
      name: body.name,
      description: body.description ?? '',
      directKey: null,
      createdAt: now,
      updatedAt: now,
    },
    [{ userId: user.id, role: 'owner' }, ...others.map((userId) => ({ userId, role: 'member' as const }))],
  );
  await announceRoom(deps, id);
  return getRoom(deps, user.id, id);
}

/** The direct room of the caller and `otherId`, made on first use: one per pair, always. */
export async function openDirectRoom(
  deps: MessagingDeps,
  user: User,
  otherId: string,
): Promise<{ room: Room; created: boolean }> {
  if (otherId === user.id) throw badRequest('userId: pick someone else to message.', 'userId');
  const other = await findPerson(deps.db, otherId);
  if (!other) throw notFound('That person');
  // Whom a supervised member may message directly (either side), even when the room exists.
  await checkDirectMessage(deps, user, otherId);
  const key = store.directKey(user.id, otherId);
  const existing = await store.findDirectRoomId(deps.db, key);
  if (existing) return { room: await getRoom(deps, user.id, existing), created: false };
  if (!(await chatEnabled(deps.db, otherId)))
    throw badRequest(`userId: ${other.displayName} cannot use people chat.`, 'userId');
  const now = nowIso();
  const id = newId();
  try {
    await store.insertRoom(
      deps.db,
      { id, kind: 'direct', name: '', description: '', directKey: key, createdAt: now, updatedAt: now },
      [
        { userId: user.id, role: 'member' },
        { userId: otherId, role: 'member' },
      ],
    );
  } catch (err) {
    // Both opened it at the same moment: the unique key kept one; that one is the answer.
    const winner = await store.findDirectRoomId(deps.db, key);
    if (!winner) throw err;
    return { room: await getRoom(deps, user.id, winner), created: false };
  }
  await announceRoom(deps, id);
  return { room: await getRoom(deps, user.id, id), created: true };
}

/** Renames / redescribes (owner) or mutes (the caller's own). */
export async function patchRoom(deps: MessagingDeps, user: User, roomId: string, body: PatchRoomBody): Promise<Room> {
  const room = await requireRoom(deps, roomId, user.id);
  const renaming = body.name !== undefined || body.description !== undefined;
  if (renaming) {
    if (room.kind === 'direct') throw conflict('A direct conversation has no name of its own to change.', 'name');
    if (room.role !== 'owner') throw forbidden('Only the room’s owner can rename it.', 'name');
  }
  if (body.muted !== undefined) await store.setMuted(deps.db, roomId, user.id, body.muted);
  if (renaming) {
    await store.updateRoom(deps.db, roomId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      updatedAt: nowIso(),
    });
    await announceRoom(deps, roomId);
  } else if (body.muted !== undefined) {
    publishToUser(deps, user.id, { type: 'room.updated', room: await getRoom(deps, user.id, roomId) });
  }
  return getRoom(deps, user.id, roomId);
}

/** Deletes a room with everything in it, and tells its (former) members. */
async function removeRoom(deps: MessagingDeps, roomId: string): Promise<void> {
  const members = await store.memberIdsOf(deps.db, roomId);
  await removeFilesOfRoom(deps, roomId, () => store.deleteRoom(deps.db, roomId));
  for (const userId of members) publishToUser(deps, userId, { type: 'room.removed', roomId });
}

/** The owner deletes their room. */
export async function deleteRoom(deps: MessagingDeps, user: User, roomId: string): Promise<void> {
  const room = await requireRoom(deps, roomId, user.id);
  if (room.kind === 'direct') throw conflict('A direct conversation cannot be deleted.');
  if (room.role !== 'owner') throw forbidden('Only the room’s owner can delete it.');
  await removeRoom(deps, roomId);
}

/** The owner adds someone. */
export async function addMember(deps: MessagingDeps, user: User, roomId: string, userId: string): Promise<void> {
  const room = await requireRoom(deps, roomId, user.id);
  if (room.kind === 'direct') throw conflict('A direct conversation’s two people are fixed.');
  if (room.role !== 'owner') throw forbidden('Only the room’s owner can add people.');
  await requirePerson(deps, userId, 'userId');
  await checkRoomMembers(deps, user, [userId]);
  if (await store.insertMember(deps.db, roomId, userId, nowIso())) await announceRoom(deps, roomId);
}

/** The owner removes someone, or a member leaves (an owner who leaves hands the room on). */
export async function removeMember(deps: MessagingDeps, user: User, roomId: string, userId: string): Promise<void> {
  const room = await requireRoom(deps, roomId, user.id);
  if (room.kind === 'direct') throw conflict('A direct conversation’s two people are fixed.');
  const leaving = userId === user.id;
  if (!leaving && room.role !== 'owner') throw forbidden('Only the room’s owner can remove people.');
  if (!(await store.deleteMember(deps.db, roomId, userId))) throw notFound('That member');
  publishToUser(deps, userId, { type: 'room.removed', roomId });
  if (leaving && room.role === 'owner') {
    const next = await store.oldestMember(deps.db, roomId);
    if (!next) return removeRoom(deps, roomId); // the last one out: nobody can ever see it again
    await store.makeOwner(deps.db, roomId, next);
  }
  await announceRoom(deps, roomId);
}

/** Admin console: every room's name and counts, never content. */
export async function listRoomsForAdmin(deps: MessagingDeps): Promise<AdminRoom[]> {
  const rows = await store.listRoomsForAdmin(deps.db);
  const members = await store.membersOfRooms(
    deps.db,
    rows.filter((r) => r.kind === 'direct').map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name:
      r.kind === 'direct' ? (members.get(r.id) ?? []).map((m) => m.displayName).join(' & ') || FORMER_MEMBER : r.name,
    memberCount: r.memberCount,
    messageCount: r.messageCount,
    lastActivityAt: r.lastActivityAt,
    createdAt: r.createdAt,
  }));
}

/** Admin console: deletes any room (without reading it). */
export async function adminDeleteRoom(deps: MessagingDeps, roomId: string): Promise<void> {
  if (!(await store.findRoom(deps.db, roomId))) throw notFound('That room');
  await removeRoom(deps, roomId);
}
