/**
 * Managing accounts from the admin console: list, create, edit (role, disabled, supervision,
 * password, allow-lists), delete with everything the user owns. Rules that protect the
 * household live in the accounts service (the last enabled admin stays); this module adds what
 * an admin's change sets off: disabling a user or resetting their password ends their sessions,
 * and every change is written to the audit log. Closing sockets and stopping replies and /v1
 * streams is done by their owners, on every process, when they hear the domain events the
 * accounts and auth services publish (`user.disabled`, `user.deleted`, `session.ended`).
 */
import type { AdminUser, AdminUserList, CreateUserBody, UpdateUserBody, UserDataSummary } from '#common/admin';
import type { PageQuery } from '#common/pagination';
import type { AppContext } from '#server/context';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  setPassword,
  updateAccount,
  type Account,
  type AccountPatch,
} from './service';
import { countCredentials, endUserSessions, lastSeenByUser } from '#server/auth/sessions';
import { countUserContent } from '#server/conversations/service';
import { badRequest, conflict, notFound } from '#server/errors';
import { audit, type Actor } from '#server/safety/audit';
import { applyGuardianEdit, checkGuardianEdit, guardiansOfMany } from '#server/safety/family/guardians';
import type { FamilyPerson } from '#common/family';
import { allowListsOf, allowListsOfMany, setAllowLists, type AllowLists } from './permissions';
import { memberGenerationLimit, memberGenerationLimits, setMemberGenerationLimit } from '#server/generation/limits';

/** Who is acting, for the audit log. */
export type { Actor } from '#server/safety/audit';

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9A-Za-z_-]{1,128}$/.test(id)) throw badRequest('cursor: is not a cursor from a previous page', 'cursor');
  return id;
};

function toAdminUser(
  account: Account,
  lists: AllowLists,
  lastSeenAt: string | null,
  guardians: FamilyPerson[],
  maxGenerations: number,
): AdminUser {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    supervised: account.supervised,
    disabled: account.disabled,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    lastSeenAt,
    modelIds: lists.modelIds,
    taskIds: lists.taskIds,
    guardians,
    maxGenerations,
  };
}

/** Users, newest first, one page. */
export async function listAdminUsers(ctx: AppContext, query: PageQuery): Promise<AdminUserList> {
  // A household has a handful of accounts: paging the accounts service's list in memory is fine.
  const all = (await listUsers(ctx)).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rest = after ? all.filter((u) => u.id < after) : all;
  const page = rest.slice(0, query.limit);
  const ids = page.map((u) => u.id);
  const [lists, seen, guardians, limits] = await Promise.all([
    allowListsOfMany(ctx, ids),
    lastSeenByUser(ctx, ids),
    guardiansOfMany(ctx, ids),
    memberGenerationLimits(ctx.db, ids),
  ]);
  const last = page.at(-1);
  return {
    items: page.map((u) =>
      toAdminUser(u, lists.get(u.id)!, seen.get(u.id) ?? null, guardians.get(u.id) ?? [], limits.get(u.id)!),
    ),
    nextCursor: rest.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}

/** One user as the admin sees them. @throws 404 */
export async function getAdminUser(ctx: AppContext, id: string): Promise<AdminUser> {
  const account = await getUser(ctx, id);
  if (!account) throw notFound('That user');
  const [lists, seen, guardians, limit] = await Promise.all([
    allowListsOf(ctx, id),
    lastSeenByUser(ctx, [id]),
    guardiansOfMany(ctx, [id]),
    memberGenerationLimit(ctx.db, id),
  ]);
  return toAdminUser(account, lists, seen.get(id) ?? null, guardians.get(id) ?? [], limit);
}

/** Creates an account. @throws 400 bad field, 409 username taken */
export async function createAdminUser(ctx: AppContext, actor: Actor, body: CreateUserBody): Promise<AdminUser> {
  const user = await createUser(ctx, body);
  await audit(ctx, {
    ...actor,
    action: 'user.created',
    target: user.id,
    detail: { username: user.username, role: user.role, supervised: user.supervised },
  });
  return getAdminUser(ctx, user.id);
}

/** Ends every session of a user (`session.ended`: their sockets close wherever they are). */
async function cutOff(ctx: AppContext, userId: string): Promise<void> {
  await endUserSessions(ctx, userId);
}

/**
 * 409 when taking `account`'s admin powers (by role change, disabling or deleting: `field`)
 * would leave no enabled admin. Checked before anything is written.
 */
async function checkLastAdmin(
  ctx: AppContext,
  account: Account,
  field: 'role' | 'disabled' | undefined,
): Promise<void> {
  if (account.role !== 'admin' || account.disabled) return;
  const activeAdmins = (await listUsers(ctx)).filter((u) => u.role === 'admin' && !u.disabled).length;
  if (activeAdmins <= 1) throw conflict('This is the last admin: make another admin first.', field);
}

/**
 * Applies an admin's edit. Validation and the last-admin rule run before anything is written.
 * @throws 404 unknown user, 400 bad field, 409 last admin (naming `role` or `disabled`)
 */
export async function updateAdminUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdateUserBody,
): Promise<AdminUser> {
  const before = await getUser(ctx, id);
  if (!before) throw notFound('That user');
  if (body.role === 'member') await checkLastAdmin(ctx, before, 'role');
  if (body.disabled === true) await checkLastAdmin(ctx, before, 'disabled');
  await checkGuardianEdit(ctx, before, { supervised: body.supervised, guardianIds: body.guardianIds });

  if (body.password !== undefined) await setPassword(ctx, id, body.password);
  const patch: AccountPatch = {};
  if (body.displayName !== undefined) patch.displayName = body.displayName;
  if (body.role !== undefined) patch.role = body.role;
  if (body.supervised !== undefined) patch.supervised = body.supervised;
  if (body.disabled !== undefined) patch.disabled = body.disabled;
  const after = Object.keys(patch).length > 0 ? await updateAccount(ctx, id, patch) : before;
  if (body.modelIds !== undefined || body.taskIds !== undefined) {
    await setAllowLists(ctx, id, {
      ...(body.modelIds !== undefined ? { modelIds: body.modelIds } : {}),
      ...(body.taskIds !== undefined ? { taskIds: body.taskIds } : {}),
    });
  }

  const guardiansChanged = await applyGuardianEdit(ctx, before, after, {
    supervised: body.supervised,
    guardianIds: body.guardianIds,
  });
  if (body.maxGenerations !== undefined) await setMemberGenerationLimit(ctx, id, body.maxGenerations);

  const disabledNow = !before.disabled && after.disabled;
  if (disabledNow || body.password !== undefined) await cutOff(ctx, id);
  // Whoever knew the old password may be the one using it: their replies stop too.
  if (body.password !== undefined) ctx.bus.emit('user.password_reset', { userId: id });

  const target = { ...actor, target: id };
  const username = after.username;
  if (disabledNow) await audit(ctx, { ...target, action: 'user.disabled', detail: { username } });
  if (before.disabled && !after.disabled) await audit(ctx, { ...target, action: 'user.enabled', detail: { username } });
  if (before.role !== after.role)
    await audit(ctx, {
      ...target,
      action: 'user.role_changed',
      detail: { username, from: before.role, to: after.role },
    });
  if (body.password !== undefined) await audit(ctx, { ...target, action: 'user.password_reset', detail: { username } });
  const fields: string[] = (['displayName', 'supervised', 'modelIds', 'taskIds', 'maxGenerations'] as const).filter(
    (f) => body[f] !== undefined,
  );
  if (guardiansChanged) fields.push('guardianIds');
  if (fields.length > 0) await audit(ctx, { ...target, action: 'user.updated', detail: { username, fields } });
  return getAdminUser(ctx, id);
}

/** What deleting a user takes with it (counts only, never content). @throws 404 */
export async function userSummary(ctx: AppContext, id: string): Promise<UserDataSummary> {
  const account = await getUser(ctx, id);
  if (!account) throw notFound('That user');
  const [content, credentials] = await Promise.all([countUserContent(ctx, id), countCredentials(ctx, id)]);
  return { userId: id, username: account.username, ...content, ...credentials };
}

/** Deletes a user and everything they own. @throws 404, 409 last admin */
export async function deleteAdminUser(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const account = await getUser(ctx, id);
  if (!account) throw notFound('That user');
  await checkLastAdmin(ctx, account, undefined);
  await cutOff(ctx, id);
  // Publishes `user.deleted`: their replies and streams stop; writes they still make touch rows
  // that are gone and do nothing.
  await deleteUser(ctx, id);
  await audit(ctx, {
    ...actor,
    action: 'user.deleted',
    target: id,
    detail: { username: account.username, role: account.role },
  });
}
