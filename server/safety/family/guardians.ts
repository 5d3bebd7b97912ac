/**
 * Guardians, as the admin console assigns them (`PATCH /api/admin/users/:id` with
 * `guardianIds`). Only a supervised member has guardians, and a guardian is an adult member:
 * not supervised, not the child. Admins are not guardians unless listed. Taking supervision
 * away clears the member's guardians and turns full transcripts off: an adult is private, and a
 * later supervision starts from nothing anyone could read.
 */
import type { FamilyPerson } from '#common/family';
import type { AppContext } from '#server/context';
import { listUsers, type Account } from '#server/accounts/service';
import { nowIso } from '#server/db/database';
import { badRequest } from '#server/errors';
import { userChannel } from '#server/realtime/bus';
import * as store from './store';

/** What an admin's edit asks of supervision and guardians. */
export type GuardianEdit = { supervised?: boolean | undefined; guardianIds?: string[] | undefined };

/**
 * Checks an admin's edit before anything is written.
 * @throws 400 naming `guardianIds` (not supervised, unknown, the member themself, a supervised
 * member) or `supervised` (the member looks after someone: they cannot become supervised)
 */
export async function checkGuardianEdit(ctx: Pick<AppContext, 'db'>, target: Account, edit: GuardianEdit) {
  const supervised = edit.supervised ?? target.supervised;
  if (edit.supervised === true && !target.supervised) {
    const children = await store.childIdsOf(ctx.db, target.id);
    if (children.length > 0)
      throw badRequest(
        `supervised: ${target.displayName} looks after ${children.length === 1 ? 'a supervised member' : `${children.length} supervised members`}; choose other guardians for them first`,
        'supervised',
      );
  }
  const ids = edit.guardianIds;
  if (ids === undefined || ids.length === 0) return;
  if (!supervised)
    throw badRequest('guardianIds: only a supervised member can have guardians (set supervised too)', 'guardianIds');
  const accounts = new Map((await listUsers(ctx)).map((a) => [a.id, a]));
  for (const id of ids) {
    const g = accounts.get(id);
    if (!g) throw badRequest(`guardianIds: there is no member "${id}"`, 'guardianIds');
    if (g.id === target.id) throw badRequest('guardianIds: a member cannot be their own guardian', 'guardianIds');
    if (g.supervised)
      throw badRequest(`guardianIds: ${g.displayName} is supervised and cannot be a guardian`, 'guardianIds');
  }
}

/**
 * Applies the edit once the account is saved: the new guardian list, or — supervision taken
 * away — no guardians and full transcripts off. Tells the child (what guardians see changed)
 * and every guardian before and after (their Family page changed). Returns whether anything did.
 */
export async function applyGuardianEdit(
  ctx: Pick<AppContext, 'db' | 'bus'>,
  before: Account,
  after: Account,
  edit: GuardianEdit,
): Promise<boolean> {
  const old = await store.guardianIdsOf(ctx.db, after.id);
  let next = old;
  if (!after.supervised) next = [];
  else if (edit.guardianIds !== undefined) next = [...new Set(edit.guardianIds)];
  const unsupervised = before.supervised && !after.supervised;
  if (unsupervised) {
    const controls = await store.readControls(ctx.db, after.id);
    if (controls.fullTranscripts)
      await store.writeControls(ctx.db, after.id, { ...controls, fullTranscripts: false }, nowIso());
  }
  const same = next.length === old.length && next.every((id) => old.includes(id));
  if (same && !unsupervised) return false;
  if (!same) await store.replaceGuardians(ctx.db, after.id, next, nowIso());
  ctx.bus.emit('permissions.changed', { userId: after.id });
  const controls = await store.readControls(ctx.db, after.id);
  ctx.bus.publish(userChannel(after.id), { type: 'supervision.changed', fullTranscripts: controls.fullTranscripts });
  for (const id of new Set([...old, ...next]))
    ctx.bus.publish(userChannel(id), { type: 'family.updated', childId: after.id });
  return !same;
}

/** The guardians of several members, by member id (for the admin's user list). */
export async function guardiansOfMany(
  ctx: Pick<AppContext, 'db'>,
  ids: readonly string[],
): Promise<Map<string, FamilyPerson[]>> {
  const accounts = new Map((await listUsers(ctx)).map((a) => [a.id, a]));
  const out = new Map<string, FamilyPerson[]>();
  for (const id of ids) {
    const people = (await store.guardianIdsOf(ctx.db, id))
      .map((g) => accounts.get(g))
      .filter((a): a is Account => a !== undefined)
      .map((a) => ({ id: a.id, username: a.username, displayName: a.displayName }));
    out.set(id, people);
  }
  return out;
}
