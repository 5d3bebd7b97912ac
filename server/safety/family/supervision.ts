/**
 * A supervised member's controls in one piece: the family-safety store's own fields joined with
 * the task/model allow-lists and the people-chat switch, which stay where the admin console
 * always kept them. Every enforcement point (sends, tokens, people chat, the filter) reads them
 * through `supervisionFor`, so "effective at once, on every client" holds: nothing is cached.
 */
import type { User } from '#common/auth';
import type { FamilyControls } from '#common/family';
import type { AppContext } from '#server/context';
import { allowListsOf, allowListsOfMany } from '#server/accounts/permissions';
import { peopleChatOn } from '#server/messaging/access';
import * as store from './store';

type Deps = Pick<AppContext, 'db'>;

/** What applies to a supervised member. */
export type Supervision = { controls: FamilyControls; guardianIds: string[] };

/** A member's full controls (defaults where nothing was set), supervised or not. */
export async function familyControlsOf(ctx: Deps, userId: string): Promise<FamilyControls> {
  const [stored, lists, peopleChat] = await Promise.all([
    store.readControls(ctx.db, userId),
    allowListsOf(ctx, userId),
    peopleChatOn(ctx, userId),
  ]);
  return { ...stored, taskIds: lists.taskIds, modelIds: lists.modelIds, peopleChat };
}

/** The full controls of several members, by id. */
export async function familyControlsOfMany(
  ctx: Deps,
  userIds: readonly string[],
): Promise<Map<string, FamilyControls>> {
  // The people-chat switches are read together with the rest, not one after another per member.
  const [stored, lists, peopleChat] = await Promise.all([
    store.readControlsOfMany(ctx.db, userIds),
    allowListsOfMany(ctx, userIds),
    Promise.all(userIds.map((id) => peopleChatOn(ctx, id))),
  ]);
  const result = new Map<string, FamilyControls>();
  for (const [index, id] of userIds.entries()) {
    const l = lists.get(id) ?? { taskIds: null, modelIds: null };
    result.set(id, {
      ...stored.get(id)!,
      taskIds: l.taskIds,
      modelIds: l.modelIds,
      peopleChat: peopleChat[index]!,
    });
  }
  return result;
}

/** The controls and guardians of a supervised member; null for anyone else (no controls apply). */
export async function supervisionFor(ctx: Deps, user: Pick<User, 'id' | 'supervised'>): Promise<Supervision | null> {
  if (!user.supervised) return null;
  const [controls, guardianIds] = await Promise.all([
    familyControlsOf(ctx, user.id),
    store.guardianIdsOf(ctx.db, user.id),
  ]);
  return { controls, guardianIds };
}
