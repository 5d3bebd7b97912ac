/**
 * Per-user allow-lists of models and tasks (default: all). The seams that enforce them:
 * GET /api/models (providers' modelsForUser), sending and creating conversations
 * (requireModelAllowed), GET /api/tasks and task choice (tasks' registry), the /v1 gateway.
 */
import type { User } from '#common/auth';
import type { ModelsReply } from '#common/models';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { HttpError } from '#server/errors';
import { isHiddenFromMembers } from '#server/providers/visibility';
import * as store from './access-store';

type Deps = Pick<AppContext, 'db'>;

/** A user's allow-lists; null = all allowed. */
export type AllowLists = { modelIds: string[] | null; taskIds: string[] | null };

const ALL: AllowLists = { modelIds: null, taskIds: null };

function parseList(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    // A damaged list must not lock anyone out of everything, nor open everything: allow none.
    return [];
  }
}

const toLists = (row: store.PermissionsRow | undefined): AllowLists =>
  row ? { modelIds: parseList(row.modelIds), taskIds: parseList(row.taskIds) } : ALL;

/** The allow-lists of one user. */
export async function allowListsOf(ctx: Deps, userId: string): Promise<AllowLists> {
  return toLists(await store.findPermissions(ctx.db, userId));
}

/** The allow-lists of several users (admin list), by user id. */
export async function allowListsOfMany(ctx: Deps, userIds: readonly string[]): Promise<Map<string, AllowLists>> {
  const rows = await store.listPermissions(ctx.db, userIds);
  const byId = new Map(rows.map((r) => [r.userId, toLists(r)]));
  return new Map(userIds.map((id) => [id, byId.get(id) ?? ALL]));
}

/** Changes a user's allow-lists (an omitted list stays as it was); publishes `permissions.changed`. */
export async function setAllowLists(
  ctx: Deps & Pick<AppContext, 'bus'>,
  userId: string,
  patch: Partial<AllowLists>,
): Promise<AllowLists> {
  const current = await allowListsOf(ctx, userId);
  const next: AllowLists = {
    modelIds: patch.modelIds !== undefined ? dedupe(patch.modelIds) : current.modelIds,
    taskIds: patch.taskIds !== undefined ? dedupe(patch.taskIds) : current.taskIds,
  };
  await store.upsertPermissions(ctx.db, {
    userId,
    modelIds: next.modelIds === null ? null : JSON.stringify(next.modelIds),
    taskIds: next.taskIds === null ? null : JSON.stringify(next.taskIds),
    updatedAt: nowIso(),
  });
  ctx.bus.emit('permissions.changed', { userId });
  return next;
}

const dedupe = (list: string[] | null) => (list === null ? null : [...new Set(list)]);

/** The model ids a user may use, or null for all. */
export async function allowedModelIds(ctx: Deps, userId: string): Promise<string[] | null> {
  return (await allowListsOf(ctx, userId)).modelIds;
}

/** The task ids a user may use, or null for all. */
export async function allowedTaskIds(ctx: Deps, userId: string): Promise<string[] | null> {
  return (await allowListsOf(ctx, userId)).taskIds;
}

/**
 * Whether a user may use a model (by its id, "<connectionId>/<name>"): on their allow-list and,
 * unless they are an admin, not hidden from members. Without a role the user counts as a member.
 */
export async function isModelAllowed(
  ctx: Deps,
  userId: string,
  modelId: string,
  role?: User['role'],
): Promise<boolean> {
  const allowed = await allowedModelIds(ctx, userId);
  if (allowed !== null && !allowed.includes(modelId)) return false;
  return role === 'admin' || !(await isHiddenFromMembers(ctx, modelId));
}

/** 404 `model_not_found` (the same answer as a model that does not exist), naming `field`. */
export const modelNotFound = (modelId: string, field = 'model') =>
  new HttpError(404, 'model_not_found', `There is no model "${modelId}".`, field);

/** Throws 404 `model_not_found` unless the user may use the model. */
export async function requireModelAllowed(
  ctx: Deps,
  user: Pick<User, 'id'> & Partial<Pick<User, 'role'>>,
  modelId: string,
  field = 'model',
): Promise<void> {
  if (!(await isModelAllowed(ctx, user.id, modelId, user.role))) throw modelNotFound(modelId, field);
}

/** The part of a models listing a user may see: only allowed models. */
export async function filterModelsForUser(ctx: Deps, userId: string, reply: ModelsReply): Promise<ModelsReply> {
  const allowed = await allowedModelIds(ctx, userId);
  if (allowed === null) return reply;
  const set = new Set(allowed);
  return { ...reply, items: reply.items.filter((m) => set.has(m.id)) };
}

/**
 * The first available model a user may use (the default for a conversation naming none), or
 * null. Never a model hidden from members: nobody should be put on one without choosing it.
 */
export async function defaultModelFor(ctx: Pick<AppContext, 'db' | 'models'>, userId: string): Promise<string | null> {
  const allowed = await allowedModelIds(ctx, userId);
  const { items } = await ctx.models.list();
  return items.find((m) => m.available && !m.hidden && (allowed === null || allowed.includes(m.id)))?.id ?? null;
}
