/**
 * Raising a flag: the content filter stopped a supervised member's message, or a reply to them.
 * The flag is saved and each of the member's guardians hears of it at once on their own channel
 * (`family.flag`, urgent for self-harm, and `family.updated` so the Family page's badge counts
 * again). Alerts reach guardians while a Hearth tab is open; nothing goes through an outside
 * push service.
 *
 * What a flag holds is the caller's promise: the child's own message, or the assistant's reply
 * to the child — never another member's words (people chat's context is never passed here).
 */
import type { FlagCategory, SafetyFlag } from '#common/family';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { userChannel } from '#server/realtime/bus';
import * as store from './store';

type Deps = Pick<AppContext, 'db' | 'bus' | 'log'>;

/** What was stopped, and where. */
export type FlagInput = {
  /** The supervised member. */
  userId: string;
  /** `input`: the member wrote it; `output`: the assistant wrote it to them. */
  direction: 'input' | 'output';
  category: FlagCategory;
  /** The member's own message, or the assistant's reply to them (cut to FLAG_EXCERPT_CHARS). */
  excerpt: string;
  conversationId?: string | undefined;
  roomId?: string | undefined;
};

/** The flag as the API shows it. */
export function toSafetyFlag(row: store.FlagRow): SafetyFlag {
  return {
    id: row.id,
    at: row.at,
    direction: row.direction,
    category: row.category,
    excerpt: row.excerpt,
    ...(row.conversationId ? { conversationId: row.conversationId } : {}),
    ...(row.roomId ? { roomId: row.roomId } : {}),
    ...(row.reviewedAt ? { reviewedAt: row.reviewedAt } : {}),
  };
}

/** Saves the flag and tells the member's guardians; resolves with it once saved and sent. */
export async function raiseFlag(ctx: Deps, input: FlagInput): Promise<SafetyFlag> {
  const row: store.FlagRow = {
    id: newId(),
    userId: input.userId,
    at: nowIso(),
    direction: input.direction,
    category: input.category,
    excerpt: input.excerpt.slice(0, store.FLAG_EXCERPT_CHARS),
    conversationId: input.conversationId ?? null,
    roomId: input.roomId ?? null,
    reviewedAt: null,
    reviewedBy: null,
  };
  await store.insertFlag(ctx.db, row);
  const flag = toSafetyFlag(row);
  const urgent = input.category === 'self_harm';
  for (const guardianId of await store.guardianIdsOf(ctx.db, input.userId)) {
    const channel = userChannel(guardianId);
    ctx.bus.publish(channel, { type: 'family.flag', childId: input.userId, flag, urgent });
    ctx.bus.publish(channel, { type: 'family.updated', childId: input.userId });
  }
  if (urgent) ctx.log.warn({ userId: input.userId, flagId: row.id }, 'self-harm flag raised; guardians notified');
  return flag;
}

/** `raiseFlag` without waiting (a reply being stopped must not wait for the database). */
export function raiseFlagInBackground(ctx: Deps, input: FlagInput): void {
  raiseFlag(ctx, input).catch((err: unknown) => ctx.log.error({ err, userId: input.userId }, 'could not raise a flag'));
}
