/** The only code that touches the `usage` table (migration 0004). */
import type { Db } from '#server/db/database';
import { prepareQuery } from '#server/db/prepared';
import type { UsageCounts, UsageDay, UsageSource } from '#common/usage';

/** One reply's worth of counting. */
export type UsageIncrement = UsageCounts & { userId: string; day: string; source: UsageSource };

/** Adds to a user's counters for a day and source (one upsert; concurrent calls add up). */
export async function addUsage(db: Db, inc: UsageIncrement): Promise<void> {
  await addToDay.run(db, inc);
}

/** Prepared (prepared.ts): it runs once for every reply. */
const addToDay = prepareQuery<UsageIncrement, never>((db, p) =>
  db
    .insertInto('usage')
    .values({
      userId: p.userId,
      day: p.day,
      source: p.source,
      requests: p.requests,
      promptTokens: p.promptTokens,
      completionTokens: p.completionTokens,
    })
    .onConflict((oc) =>
      oc.columns(['userId', 'day', 'source']).doUpdateSet((eb) => ({
        requests: eb('usage.requests', '+', eb.ref('excluded.requests')),
        promptTokens: eb('usage.promptTokens', '+', eb.ref('excluded.promptTokens')),
        completionTokens: eb('usage.completionTokens', '+', eb.ref('excluded.completionTokens')),
      })),
    ),
);

/** One user's rows from `from` to `to` (inclusive), newest first. */
export async function userUsageDays(db: Db, userId: string, from: string, to: string): Promise<UsageDay[]> {
  const rows = await db
    .selectFrom('usage')
    .select(['day', 'source', 'requests', 'promptTokens', 'completionTokens'])
    .where('userId', '=', userId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day', 'desc')
    .orderBy('source')
    .execute();
  return rows.map(toCounts);
}

/** Every user's totals per source over the range, with their names. */
export async function usageByUser(db: Db, from: string, to: string) {
  const rows = await db
    .selectFrom('usage')
    .innerJoin('users', 'users.id', 'usage.userId')
    .select((eb) => [
      'users.id as userId',
      'users.username',
      'users.displayName',
      'usage.source',
      eb.fn.sum<number | string>('usage.requests').as('requests'),
      eb.fn.sum<number | string>('usage.promptTokens').as('promptTokens'),
      eb.fn.sum<number | string>('usage.completionTokens').as('completionTokens'),
    ])
    .where('usage.day', '>=', from)
    .where('usage.day', '<=', to)
    .groupBy(['users.id', 'users.username', 'users.displayName', 'usage.source'])
    .execute();
  // PostgreSQL returns SUM over integers as a bigint string.
  return rows.map((r) => ({
    userId: r.userId,
    username: r.username,
    displayName: r.displayName,
    source: r.source,
    requests: Number(r.requests),
    promptTokens: Number(r.promptTokens),
    completionTokens: Number(r.completionTokens),
  }));
}

function toCounts(r: UsageDay): UsageDay {
  return {
    day: r.day,
    source: r.source,
    requests: Number(r.requests),
    promptTokens: Number(r.promptTokens),
    completionTokens: Number(r.completionTokens),
  };
}
