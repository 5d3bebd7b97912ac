/** The passkeys and webauthn_challenges tables; the only code that queries them. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '#server/db/database';
import type { PasskeysTable, WebauthnChallengesTable } from '#server/db/schema';

export type PasskeyRow = Selectable<PasskeysTable>;

export async function insertPasskey(db: Db, row: Insertable<PasskeysTable>): Promise<void> {
  await db.insertInto('passkeys').values(row).execute();
}

/** One user's passkeys, newest first. */
export async function listPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The passkey with this credential id (whoever owns it), or undefined. */
export async function findPasskeyByCredentialId(db: Db, credentialId: string): Promise<PasskeyRow | undefined> {
  return db.selectFrom('passkeys').selectAll().where('credentialId', '=', credentialId).executeTakeFirst();
}

/** One of the user's passkeys, or undefined when it is not theirs. */
export async function findUserPasskey(db: Db, userId: string, id: string): Promise<PasskeyRow | undefined> {
  return db.selectFrom('passkeys').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
}

/** Renames one of the user's passkeys; returns whether it was theirs. */
export async function renamePasskey(db: Db, userId: string, id: string, name: string): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ name })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records a sign-in: the new signature counter and the time. */
export async function touchPasskey(db: Db, id: string, counter: number, at: string): Promise<void> {
  await db.updateTable('passkeys').set({ counter, lastUsedAt: at }).where('id', '=', id).execute();
}

/** Deletes one of the user's passkeys; returns whether it was theirs. */
export async function deletePasskey(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('passkeys').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertChallenge(db: Db, row: Insertable<WebauthnChallengesTable>): Promise<void> {
  await db.insertInto('webauthnChallenges').values(row).execute();
}

/**
 * Takes a live challenge out (single use): true when it existed for this purpose and user and
 * had not expired. A delete, not a read, so two racing verifications cannot both use it.
 */
export async function consumeChallenge(
  db: Db,
  challenge: string,
  purpose: WebauthnChallengesTable['purpose'],
  userId: string | null,
  nowIso: string,
): Promise<boolean> {
  let query = db
    .deleteFrom('webauthnChallenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .where('expiresAt', '>', nowIso);
  query = userId === null ? query.where('userId', 'is', null) : query.where('userId', '=', userId);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Drops challenges whose time is up (ceremonies abandoned half-way). */
export async function deleteExpiredChallenges(db: Db, nowIso: string): Promise<void> {
  await db.deleteFrom('webauthnChallenges').where('expiresAt', '<=', nowIso).execute();
}
