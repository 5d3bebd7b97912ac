/**
 * Rooms and their members: the only code (with the other `*-store.ts` files of this folder) that
 * touches the people-chat tables of migration 0009. It reads the users table only to show who a
 * member is (name and display name), never to change it.
 *
 * The room sequence: `nextSeq` takes the room's next `seq` inside the caller's transaction, so
 * every change of a room (message, edit, deletion, reaction) is numbered in commit order.
 */
import type { RoomMember } from '#common/messaging';
import type { Db } from '#server/db/database';
import type { Flag, RoomMembersTable, RoomsTable } from '#server/db/schema';
import type { Selectable } from 'kysely';

export type RoomRow = Selectable<RoomsTable>;
export type MemberRow = Selectable<RoomMembersTable>;
/** A room as one member sees it: the room row with that member's own row. */
export type RoomOfMember = RoomRow & { role: MemberRow['role']; muted: Flag; lastReadSeq: number };

/** A direct room's key: the two user ids, sorted, so either side finds the same room. */
export const directKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Takes the room's next sequence number (call inside a transaction with the change it numbers). */
export async function nextSeq(trx: Db, roomId: string, now: string): Promise<number> {
  const row = await trx
    .updateTable('rooms')
    .set((eb) => ({ lastSeq: eb('lastSeq', '+', 1), lastActivityAt: now }))
    .where('id', '=', roomId)
    .returning('lastSeq')
    .executeTakeFirstOrThrow();
  return row.lastSeq;
}

/** Makes a room with its members (the first, `ownerId`, as owner; none for a direct room). */
export async function insertRoom(
  db: Db,
  room: Omit<RoomRow, 'lastSeq' | 'lastActivityAt'>,
  members: Array<{ userId: string; role: MemberRow['role'] }>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rooms')
      .values({ ...room, lastSeq: 0, lastActivityAt: null })
      .execute();
    if (members.length)
      await trx
        .insertInto('roomMembers')
        .values(
          members.map((m) => ({
            roomId: room.id,
            userId: m.userId,
            role: m.role,
            muted: 0,
            lastReadSeq: 0,
            joinedAt: room.createdAt,
          })),
        )
        .execute();
  });
}

/** The direct room of a pair, if it exists. */
export async function findDirectRoomId(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('rooms').select('id').where('directKey', '=', key).executeTakeFirst();
  return row?.id;
}

const ROOM_OF_MEMBER = [
  'rooms.id',
  'rooms.kind',
  'rooms.name',
  'rooms.description',
  'rooms.directKey',
  'rooms.lastSeq',
  'rooms.lastActivityAt',
  'rooms.createdAt',
  'rooms.updatedAt',
  'roomMembers.role',
  'roomMembers.muted',
  'roomMembers.lastReadSeq',
] as const;

/** The room, if `userId` is a member of it (else undefined: to them it does not exist). */
export async function findRoomOfMember(db: Db, roomId: string, userId: string): Promise<RoomOfMember | undefined> {
  return db
    .selectFrom('rooms')
    .innerJoin('roomMembers', 'roomMembers.roomId', 'rooms.id')
    .select(ROOM_OF_MEMBER)
    .where('rooms.id', '=', roomId)
    .where('roomMembers.userId', '=', userId)
    .executeTakeFirst();
}

/** Every room of a member, most recent activity first. */
export async function listRoomsOfMember(db: Db, userId: string): Promise<RoomOfMember[]> {
  return db
    .selectFrom('rooms')
    .innerJoin('roomMembers', 'roomMembers.roomId', 'rooms.id')
    .select(ROOM_OF_MEMBER)
    .where('roomMembers.userId', '=', userId)
    .orderBy((eb) => eb.fn.coalesce('rooms.lastActivityAt', 'rooms.createdAt'), 'desc')
    .orderBy('rooms.id', 'desc')
    .execute();
}

/** A room by id, whoever asks (admin console, fan-out). */
export async function findRoom(db: Db, roomId: string): Promise<RoomRow | undefined> {
  return db.selectFrom('rooms').selectAll().where('id', '=', roomId).executeTakeFirst();
}

/** The members of some rooms, with who they are, by room id (oldest member first). */
export async function membersOfRooms(db: Db, roomIds: readonly string[]): Promise<Map<string, RoomMember[]>> {
  const out = new Map<string, RoomMember[]>(roomIds.map((id) => [id, []]));
  if (roomIds.length === 0) return out;
  const rows = await db
    .selectFrom('roomMembers')
    .innerJoin('users', 'users.id', 'roomMembers.userId')
    .select(['roomMembers.roomId', 'users.id', 'users.username', 'users.displayName', 'roomMembers.role'])
    .where('roomMembers.roomId', 'in', roomIds)
    .orderBy('roomMembers.joinedAt')
    .orderBy('users.id')
    .execute();
  for (const r of rows)
    out.get(r.roomId)?.push({ id: r.id, username: r.username, displayName: r.displayName, role: r.role });
  return out;
}

/**
 * The user ids of a room's members who may hear of it, read now (fan-out checks membership at
 * publish time): members an admin switched people chat off for are left out.
 */
export async function memberIdsOf(db: Db, roomId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roomMembers')
    .leftJoin('people', 'people.userId', 'roomMembers.userId')
    .select('roomMembers.userId')
    .where('roomMembers.roomId', '=', roomId)
    .where((eb) => eb.or([eb('people.chatEnabled', 'is', null), eb('people.chatEnabled', '=', 1)]))
    .execute();
  return rows.map((r) => r.userId);
}

/** Adds a member; false when they already were one. */
export async function insertMember(db: Db, roomId: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('roomMembers')
    .values({ roomId, userId, role: 'member', muted: 0, lastReadSeq: 0, joinedAt: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a member; false when they were not one. */
export async function deleteMember(db: Db, roomId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('roomMembers')
    .where('roomId', '=', roomId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The member who joined first (the next owner when the owner leaves), if any is left. */
export async function oldestMember(db: Db, roomId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('roomMembers')
    .select('userId')
    .where('roomId', '=', roomId)
    .orderBy('joinedAt')
    .orderBy('userId')
    .executeTakeFirst();
  return row?.userId;
}

/** Makes a member the room's owner. */
export async function makeOwner(db: Db, roomId: string, userId: string): Promise<void> {
  await db
    .updateTable('roomMembers')
    .set({ role: 'owner' })
    .where('roomId', '=', roomId)
    .where('userId', '=', userId)
    .execute();
}

/** Renames / redescribes a room. */
export async function updateRoom(
  db: Db,
  roomId: string,
  patch: { name?: string; description?: string; updatedAt: string },
): Promise<void> {
  await db.updateTable('rooms').set(patch).where('id', '=', roomId).execute();
}

/** Sets a member's own mute. */
export async function setMuted(db: Db, roomId: string, userId: string, muted: boolean): Promise<void> {
  await db
    .updateTable('roomMembers')
    .set({ muted: muted ? 1 : 0 })
    .where('roomId', '=', roomId)
    .where('userId', '=', userId)
    .execute();
}

/** Moves a member's read marker forward (never back); true when it moved. */
export async function advanceReadMarker(db: Db, roomId: string, userId: string, seq: number): Promise<boolean> {
  const result = await db
    .updateTable('roomMembers')
    .set({ lastReadSeq: seq })
    .where('roomId', '=', roomId)
    .where('userId', '=', userId)
    .where('lastReadSeq', '<', seq)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a room and everything in it (messages, reactions, attachments' links, members). */
export async function deleteRoom(db: Db, roomId: string): Promise<boolean> {
  const result = await db.deleteFrom('rooms').where('id', '=', roomId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Unread (others' live messages after the marker) and mention counts of a member's rooms. */
export async function unreadCounts(
  db: Db,
  userId: string,
  roomIds: readonly string[],
): Promise<Map<string, { unread: number; mentions: number }>> {
  const out = new Map<string, { unread: number; mentions: number }>(
    roomIds.map((id) => [id, { unread: 0, mentions: 0 }]),
  );
  if (roomIds.length === 0) return out;
  const unread = await db
    .selectFrom('roomMessages as m')
    .innerJoin('roomMembers as rm', (j) => j.onRef('rm.roomId', '=', 'm.roomId').on('rm.userId', '=', userId))
    .select(['m.roomId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.roomId', 'in', roomIds)
    .whereRef('m.seq', '>', 'rm.lastReadSeq')
    .where('m.deletedAt', 'is', null)
    .where((eb) => eb.or([eb('m.senderId', 'is', null), eb('m.senderId', '<>', userId)]))
    .groupBy('m.roomId')
    .execute();
  for (const r of unread) out.get(r.roomId)!.unread = Number(r.n);
  const mentions = await db
    .selectFrom('roomMentions as x')
    .innerJoin('roomMembers as rm', (j) => j.onRef('rm.roomId', '=', 'x.roomId').on('rm.userId', '=', userId))
    .innerJoin('roomMessages as m', 'm.id', 'x.messageId')
    .select(['x.roomId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('x.userId', '=', userId)
    .where('x.roomId', 'in', roomIds)
    .whereRef('x.seq', '>', 'rm.lastReadSeq')
    .where('m.deletedAt', 'is', null)
    .groupBy('x.roomId')
    .execute();
  for (const r of mentions) out.get(r.roomId)!.mentions = Number(r.n);
  return out;
}

/** Every room for the admin console: names and counts, never content. */
export async function listRoomsForAdmin(
  db: Db,
): Promise<Array<RoomRow & { memberCount: number; messageCount: number }>> {
  return db
    .selectFrom('rooms')
    .selectAll('rooms')
    .select((eb) => [
      eb
        .selectFrom('roomMembers')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('roomMembers.roomId', '=', 'rooms.id')
        .as('memberCount'),
      eb
        .selectFrom('roomMessages')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('roomMessages.roomId', '=', 'rooms.id')
        .where('roomMessages.deletedAt', 'is', null)
        .as('messageCount'),
    ])
    .orderBy((eb) => eb.fn.coalesce('rooms.lastActivityAt', 'rooms.createdAt'), 'desc')
    .execute()
    .then((rows) =>
      rows.map((r) => ({ ...r, memberCount: Number(r.memberCount), messageCount: Number(r.messageCount) })),
    );
}
