/**
 * People: who can be messaged (active accounts with people chat on), the admin's per-member
 * switch and `lastSeenAt` (table `people`; a missing row means "on, never seen").
 */
import type { Db } from '#server/db/database';

/** A person row: who they are, and the people-chat facts. */
export type PersonRow = {
  id: string;
  username: string;
  displayName: string;
  chatEnabled: boolean;
  lastSeenAt: string | null;
};

/** Every active account with people chat on, by display name. */
export async function listPeople(db: Db): Promise<PersonRow[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('people', 'people.userId', 'users.id')
    .select(['users.id', 'users.username', 'users.displayName', 'people.chatEnabled', 'people.lastSeenAt'])
    .where('users.disabled', '=', 0)
    .where((eb) => eb.or([eb('people.chatEnabled', 'is', null), eb('people.chatEnabled', '=', 1)]))
    .orderBy('users.displayName')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ ...r, chatEnabled: true, lastSeenAt: r.lastSeenAt ?? null }));
}

/** One account as a person (undefined: no such active account). */
export async function findPerson(db: Db, userId: string): Promise<PersonRow | undefined> {
  const r = await db
    .selectFrom('users')
    .leftJoin('people', 'people.userId', 'users.id')
    .select(['users.id', 'users.username', 'users.displayName', 'people.chatEnabled', 'people.lastSeenAt'])
    .where('users.id', '=', userId)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  return r && { ...r, chatEnabled: r.chatEnabled !== 0, lastSeenAt: r.lastSeenAt ?? null };
}

/** Whether people chat is on for a member (on unless an admin turned it off). */
export async function chatEnabled(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('people').select('chatEnabled').where('userId', '=', userId).executeTakeFirst();
  return row?.chatEnabled !== 0;
}

/** Turns people chat on or off for a member. */
export async function setChatEnabled(db: Db, userId: string, enabled: boolean): Promise<void> {
  await db
    .insertInto('people')
    .values({ userId, chatEnabled: enabled ? 1 : 0, lastSeenAt: null })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ chatEnabled: enabled ? 1 : 0 }))
    .execute();
}

/** Saves when a member was last connected. */
export async function saveLastSeen(db: Db, userId: string, at: string): Promise<void> {
  await db
    .insertInto('people')
    .values({ userId, chatEnabled: 1, lastSeenAt: at })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ lastSeenAt: at }))
    .execute();
}

/** Whether an account exists (enabled or not). */
export async function accountExists(db: Db, userId: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
}
