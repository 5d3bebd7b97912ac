/** The sessions and api_tokens tables; the only code that queries them. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '#server/db/database';
import type { ApiTokensTable, SessionRow, SessionsTable } from '#server/db/schema';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Sets a session's activity/expiry times. Used to record activity; tests use it to move a
 * session's clock instead of sleeping.
 */
export async function setSessionTimes(
  db: Db,
  id: string,
  times: { lastSeenAt?: string; expiresAt?: string; createdAt?: string },
): Promise<void> {
  await db.updateTable('sessions').set(times).where('id', '=', id).execute();
}

/** One user's sessions, newest first. */
export async function listUserSessions(db: Db, userId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Deletes a session only if it belongs to `userId`; returns whether one was deleted. */
export async function deleteUserSession(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Deletes a user's sessions except `exceptId`; returns how many ended. */
export async function deleteUserSessions(db: Db, userId: string, exceptId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session whose absolute expiry has passed. */
export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expiresAt', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(db: Db, row: Insertable<ApiTokensTable>): Promise<void> {
  await db.insertInto('apiTokens').values(row).execute();
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/** One user's tokens, newest first. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('apiTokens')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

/** Deletes a token only if it belongs to `userId`; returns whether one was deleted. */
export async function deleteApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('apiTokens').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The latest activity among each user's sessions (for the admin's user list). */
export async function lastSeenByUser(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .select(['userId', (eb) => eb.fn.max('lastSeenAt').as('lastSeenAt')])
    .where('userId', 'in', userIds)
    .groupBy('userId')
    .execute();
  return new Map(rows.map((r) => [r.userId, r.lastSeenAt]));
}

/** How many sessions and API tokens a user has (what deleting the account ends). */
export async function countCredentials(db: Db, userId: string): Promise<{ sessions: number; apiTokens: number }> {
  const [sessions, apiTokens] = await Promise.all([
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('apiTokens')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { sessions: Number(sessions.n), apiTokens: Number(apiTokens.n) };
}
