/**
 * Who may do what and who may join: `user_permissions` (allow-lists, accounts/permissions.ts),
 * `settings` (key → JSON; the sign-up mode) and `invites` (accounts/invites.ts). The only code
 * that touches these tables; other features call those two modules.
 */
import type { Selectable } from 'kysely';
import type { Db } from '#server/db/database';
import type { InvitesTable, UserPermissionsTable } from '#server/db/schema';

export type PermissionsRow = Selectable<UserPermissionsTable>;
export type InviteRow = Selectable<InvitesTable>;

// ── allow-lists ──

/** The allow-list row of a user, or undefined (= everything allowed). */
export async function findPermissions(db: Db, userId: string): Promise<PermissionsRow | undefined> {
  return db.selectFrom('userPermissions').selectAll().where('userId', '=', userId).executeTakeFirst();
}

/** The allow-list rows of several users. */
export async function listPermissions(db: Db, userIds: readonly string[]): Promise<PermissionsRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('userPermissions').selectAll().where('userId', 'in', userIds).execute();
}

/** Writes a user's allow-lists (insert or update). */
export async function upsertPermissions(db: Db, row: PermissionsRow): Promise<void> {
  await db
    .insertInto('userPermissions')
    .values(row)
    .onConflict((oc) =>
      oc.column('userId').doUpdateSet({ modelIds: row.modelIds, taskIds: row.taskIds, updatedAt: row.updatedAt }),
    )
    .execute();
}

// ── settings ──

/** A setting's JSON value, or undefined when never set. */
export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Sets a setting's JSON value. */
export async function writeSetting(db: Db, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
    .execute();
}

// ── invites ──

/** Stores a new invite. */
export async function insertInvite(db: Db, row: InviteRow): Promise<void> {
  await db.insertInto('invites').values(row).execute();
}

/** Every invite, newest first. */
export async function listInviteRows(db: Db): Promise<InviteRow[]> {
  return db.selectFrom('invites').selectAll().orderBy('id', 'desc').execute();
}

/** An invite by the hash of its token, or undefined. */
export async function findInviteByHash(db: Db, tokenHash: string): Promise<InviteRow | undefined> {
  return db.selectFrom('invites').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/**
 * Marks an unused, unexpired invite used, atomically: of two sign-ups racing for one invite,
 * exactly one gets `true`.
 */
export async function claimInvite(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set({ usedAt: now })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records who used a claimed invite, or (userId null) gives the claim back after a failed sign-up. */
export async function settleInvite(db: Db, id: string, userId: string | null): Promise<void> {
  const update = userId ? { usedBy: userId } : { usedAt: null, usedBy: null };
  await db.updateTable('invites').set(update).where('id', '=', id).execute();
}

/** Deletes an invite; returns whether it existed. */
export async function deleteInvite(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('invites').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
