/** The `generation_limits` table: members' own limits of generations at once. The only code that touches it. */
import type { Db } from '#server/db/database';
import { nowIso } from '#server/db/database';

/** The member's stored limit, or null when they have the default. */
export async function findMemberLimit(db: Db, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('generationLimits')
    .select('maxGenerations')
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row?.maxGenerations ?? null;
}

/** Stored limits of several members, by user id (members with the default are absent). */
export async function findMemberLimits(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('generationLimits')
    .select(['userId', 'maxGenerations'])
    .where('userId', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.userId, r.maxGenerations]));
}

/** Stores the member's limit; null goes back to the default (the row is removed). */
export async function saveMemberLimit(db: Db, userId: string, limit: number | null): Promise<void> {
  if (limit === null) {
    await db.deleteFrom('generationLimits').where('userId', '=', userId).execute();
    return;
  }
  const updatedAt = nowIso();
  await db
    .insertInto('generationLimits')
    .values({ userId, maxGenerations: limit, updatedAt })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ maxGenerations: limit, updatedAt }))
    .execute();
}
