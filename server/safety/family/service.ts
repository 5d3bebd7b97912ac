/**
 * The Family page's rules: which supervised members a caller sees, changing their controls
 * (effective at once: the child's tabs refetch, guardians' Family pages refresh, and the child
 * is told when what guardians can see changes), and extras for today. Every change is audited.
 * Who may reach a member is settled in ./access.ts.
 */
import type { FamilyControls, FamilyControlsPatch, FamilyEntry, FamilyPerson, FamilyReply } from '#common/family';
import type { AppContext } from '#server/context';
import { listUsers, type Account } from '#server/accounts/service';
import { setAllowLists } from '#server/accounts/permissions';
import { nowIso } from '#server/db/database';
import { badRequest, HttpError } from '#server/errors';
import { setPeopleChat } from '#server/messaging/access';
import { userChannel } from '#server/realtime/bus';
import { audit } from '#server/safety/audit';
import { householdDay } from '#server/safety/household-time';
import { reachChild, type FamilyCaller } from './access';
import * as store from './store';
import { familyControlsOf, familyControlsOfMany } from './supervision';
import { todayUse } from './today';

/** A member as the Family page names them. */
export const personOf = (a: Pick<Account, 'id' | 'username' | 'displayName'>): FamilyPerson => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
});

/** 403 for an admin who is not the child's guardian turning full transcripts on. */
const guardianOnly = () =>
  new HttpError(
    403,
    'guardian_only',
    "Only one of this member's guardians can turn on full transcripts.",
    'fullTranscripts',
  );

/** The Family entries of these supervised members. */
async function entriesOf(
  ctx: AppContext,
  children: readonly Account[],
  all: readonly Account[],
): Promise<FamilyEntry[]> {
  const ids = children.map((c) => c.id);
  const [controls, flags] = await Promise.all([familyControlsOfMany(ctx, ids), store.unreviewedCounts(ctx.db, ids)]);
  const byId = new Map(all.map((a) => [a.id, a]));
  return Promise.all(
    children.map(async (child) => {
      const c = controls.get(child.id)!;
      const guardians = (await store.guardianIdsOf(ctx.db, child.id))
        .map((id) => byId.get(id))
        .filter((a): a is Account => a !== undefined)
        .map(personOf);
      return {
        user: personOf(child),
        guardians,
        controls: c,
        today: await todayUse(ctx, child.id, c),
        unreviewedFlags: flags.get(child.id) ?? 0,
      };
    }),
  );
}

/** One supervised member's entry. */
export async function entryOf(ctx: AppContext, child: Account): Promise<FamilyEntry> {
  return (await entriesOf(ctx, [child], await listUsers(ctx)))[0]!;
}

/** `GET /api/family`: the supervised members the caller guards; an admin sees every supervised member. */
export async function listFamily(ctx: AppContext, caller: FamilyCaller): Promise<FamilyReply> {
  const all = await listUsers(ctx);
  const mine = new Set(await store.childIdsOf(ctx.db, caller.user.id));
  const children = all.filter(
    (a) => a.supervised && a.id !== caller.user.id && (mine.has(a.id) || caller.user.role === 'admin'),
  );
  return { items: await entriesOf(ctx, children, all) };
}

/** The fields of `patch` whose value differs from `before`. */
function changedFields(before: FamilyControls, after: FamilyControls, patch: FamilyControlsPatch): string[] {
  return (Object.keys(patch) as (keyof FamilyControls)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/** 400 naming `directMessagesWith` unless every listed id is another existing member. */
async function checkDirectMessages(ctx: AppContext, childId: string, list: FamilyControlsPatch['directMessagesWith']) {
  if (list === undefined || list === 'everyone') return;
  const ids = new Set((await listUsers(ctx)).map((a) => a.id));
  const bad = list.find((id) => id === childId || !ids.has(id));
  if (bad !== undefined)
    throw badRequest(`directMessagesWith: "${bad}" is not another member of this household`, 'directMessagesWith');
}

/** Tells everyone concerned that a child's entry changed: the child's tabs refetch what applies, guardians refresh. */
export async function announceChange(
  ctx: AppContext,
  childId: string,
  opts: { actorId: string; permissionsDone?: boolean; fullTranscripts?: boolean },
): Promise<void> {
  if (!opts.permissionsDone) ctx.bus.emit('permissions.changed', { userId: childId });
  const guardians = await store.guardianIdsOf(ctx.db, childId);
  for (const id of new Set([...guardians, opts.actorId]))
    ctx.bus.publish(userChannel(id), { type: 'family.updated', childId });
  if (opts.fullTranscripts !== undefined)
    ctx.bus.publish(userChannel(childId), { type: 'supervision.changed', fullTranscripts: opts.fullTranscripts });
}

/**
 * `PATCH /api/family/:userId`: changes controls at once. An admin may set every control but
 * turning full transcripts on (403 `guardian_only`).
 * @throws 404 (audited) not a supervised member the caller may manage, 400 bad field, 403 guardian_only
 */
export async function updateControls(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  patch: FamilyControlsPatch,
): Promise<FamilyEntry> {
  const { child, isGuardian } = await reachChild(ctx, caller, childId, 'manage', 'controls');
  const before = await familyControlsOf(ctx, child.id);
  if (patch.fullTranscripts === true && !before.fullTranscripts && !isGuardian) throw guardianOnly();
  await checkDirectMessages(ctx, child.id, patch.directMessagesWith);

  const { taskIds, modelIds, peopleChat, filter, ...rest } = patch;
  const stored = await store.readControls(ctx.db, child.id);
  const nextStored: store.StoredControls = { ...stored, ...rest, filter: { ...stored.filter, ...filter } };
  await store.writeControls(ctx.db, child.id, nextStored, nowIso());
  const listsChanged = taskIds !== undefined || modelIds !== undefined;
  if (listsChanged)
    await setAllowLists(ctx, child.id, {
      ...(taskIds !== undefined ? { taskIds } : {}),
      ...(modelIds !== undefined ? { modelIds } : {}),
    });
  if (peopleChat !== undefined) await setPeopleChat(ctx, child.id, peopleChat);

  const after = await familyControlsOf(ctx, child.id);
  const fields = changedFields(before, after, patch);
  const transcriptsChanged = before.fullTranscripts !== after.fullTranscripts;
  // Nothing changed (a repeated save): nobody needs to refetch, and there is nothing to log.
  if (fields.length > 0) {
    await announceChange(ctx, child.id, {
      actorId: caller.user.id,
      permissionsDone: listsChanged,
      ...(transcriptsChanged ? { fullTranscripts: after.fullTranscripts } : {}),
    });
    await audit(ctx, {
      actorId: caller.user.id,
      ip: caller.ip,
      action: 'family.updated',
      target: child.id,
      detail: {
        username: child.username,
        fields,
        ...(transcriptsChanged ? { fullTranscripts: after.fullTranscripts } : {}),
      },
    });
  }
  return entryOf(ctx, child);
}

/**
 * `POST /api/family/:userId/extra`: more messages and/or tokens for today (the household's day).
 * @throws 404 (audited)
 */
export async function grantExtra(
  ctx: AppContext,
  caller: FamilyCaller,
  childId: string,
  body: { messages?: number | undefined; tokens?: number | undefined },
): Promise<FamilyEntry> {
  const { child } = await reachChild(ctx, caller, childId, 'manage', 'controls');
  const day = householdDay(new Date(), ctx.config.timeZone);
  await store.addExtras(ctx.db, child.id, day, { messages: body.messages ?? 0, tokens: body.tokens ?? 0 });
  await announceChange(ctx, child.id, { actorId: caller.user.id });
  await audit(ctx, {
    actorId: caller.user.id,
    ip: caller.ip,
    action: 'family.extra',
    target: child.id,
    detail: { username: child.username, day, messages: body.messages, tokens: body.tokens },
  });
  return entryOf(ctx, child);
}
