/**
 * Members' limits of generations running at once (fair use: scheduler.ts). The default is one;
 * an admin raises it per member (admin console, `PATCH /api/admin/users/:id` `maxGenerations`).
 */
import type { Db } from '#server/db/database';
import type { EventBus } from '#server/realtime/bus';
import { DEFAULT_MEMBER_LIMIT } from './scheduler';
import { findMemberLimit, findMemberLimits, saveMemberLimit } from './limits-store';

/** The highest limit an admin may give one member. */
export const MAX_MEMBER_LIMIT = 16;

/** How many generations `userId` may run at once. */
export async function memberGenerationLimit(db: Db, userId: string): Promise<number> {
  return (await findMemberLimit(db, userId)) ?? DEFAULT_MEMBER_LIMIT;
}

/** The limits of several members, by user id. */
export async function memberGenerationLimits(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const stored = await findMemberLimits(db, userIds);
  return new Map(userIds.map((id) => [id, stored.get(id) ?? DEFAULT_MEMBER_LIMIT]));
}

/**
 * Sets a member's limit (1..MAX_MEMBER_LIMIT; the default needs no row) and publishes
 * `permissions.changed`, so the scheduler of every process reads it again: waiting sends of
 * that member may start at once.
 */
export async function setMemberGenerationLimit(
  deps: { db: Db; bus: EventBus },
  userId: string,
  limit: number,
): Promise<void> {
  await saveMemberLimit(deps.db, userId, limit === DEFAULT_MEMBER_LIMIT ? null : limit);
  deps.bus.emit('permissions.changed', { userId });
}
