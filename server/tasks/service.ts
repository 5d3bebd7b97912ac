/**
 * Admin changes to tasks: create, edit, delete (built-ins can be edited and disabled, not
 * deleted), each written to the audit log with the admin who made it.
 */
import type { AdminTask, CreateTaskBody, UpdateTaskBody } from '#common/admin';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { badRequest, conflict, notFound } from '#server/errors';
import { audit, type Actor } from '#server/safety/audit';
import { isBuiltInTask } from './builtins';
import { toAdminTask } from './registry';
import * as store from './store';

type Deps = Pick<AppContext, 'db' | 'log'>;

/** "Homework helper!" → "homework-helper". */
function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'task';
}

const isUniqueViolation = (err: unknown) =>
  err instanceof Error &&
  'code' in err &&
  (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === '23505');

/** 400 when the default model is not one of the task's models (it could never be used). */
function checkDefaultModel(models: readonly string[], defaultModel: string | null): void {
  if (defaultModel && models.length > 0 && !models.includes(defaultModel)) {
    throw badRequest('defaultModel: must be one of the task’s models', 'defaultModel');
  }
}

/**
 * Creates a task. Without an id, one is made from the name (with -2, -3… when taken).
 * @throws 409 naming `id` when the given id is taken
 */
export async function createTask(ctx: Deps, actor: Actor, body: CreateTaskBody): Promise<AdminTask> {
  checkDefaultModel(body.models, body.defaultModel ?? null);
  const base = body.id ?? slugOf(body.name);
  let id = base;
  for (let n = 2; !body.id && (await store.findTaskRow(ctx.db, id)); n++) id = `${base}-${n}`;
  const now = nowIso();
  const row: store.TaskRow = {
    id,
    name: body.name,
    description: body.description,
    icon: body.icon ?? null,
    systemPrompt: body.systemPrompt,
    models: JSON.stringify(body.models),
    tools: JSON.stringify(body.tools),
    defaultModel: body.defaultModel ?? null,
    temperature: body.temperature ?? null,
    topP: body.topP ?? null,
    maxTokens: body.maxTokens ?? null,
    contextLength: body.contextLength ?? null,
    promptVisible: body.promptVisible ? 1 : 0,
    sortOrder: body.sortOrder ?? (await store.maxSortOrder(ctx.db)) + 1,
    enabled: body.enabled ? 1 : 0,
    builtIn: 0,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await store.insertTaskRow(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`There is already a task "${id}".`, 'id');
    throw err;
  }
  await audit(ctx, { ...actor, action: 'task.created', target: id, detail: { name: row.name } });
  return toAdminTask(row);
}

/** Applies an admin's edit. @throws 404 unknown task */
export async function updateTask(
  ctx: Deps,
  actor: Actor,
  id: string,
  body: UpdateTaskBody,
): Promise<{ before: AdminTask; after: AdminTask }> {
  const row = await store.findTaskRow(ctx.db, id);
  if (!row) throw notFound('That task');
  const current = toAdminTask(row);
  checkDefaultModel(
    body.models ?? current.models,
    body.defaultModel !== undefined ? body.defaultModel : current.defaultModel,
  );
  const patch: store.TaskUpdate = { updatedAt: nowIso() };
  if (body.name !== undefined) patch.name = body.name;
  if (body.description !== undefined) patch.description = body.description;
  if (body.icon !== undefined) patch.icon = body.icon;
  if (body.systemPrompt !== undefined) patch.systemPrompt = body.systemPrompt;
  if (body.models !== undefined) patch.models = JSON.stringify(body.models);
  if (body.tools !== undefined) patch.tools = JSON.stringify(body.tools);
  if (body.defaultModel !== undefined) patch.defaultModel = body.defaultModel;
  if (body.enabled !== undefined) patch.enabled = body.enabled ? 1 : 0;
  if (body.temperature !== undefined) patch.temperature = body.temperature;
  if (body.topP !== undefined) patch.topP = body.topP;
  if (body.maxTokens !== undefined) patch.maxTokens = body.maxTokens;
  if (body.contextLength !== undefined) patch.contextLength = body.contextLength;
  if (body.promptVisible !== undefined) patch.promptVisible = body.promptVisible ? 1 : 0;
  if (body.sortOrder !== undefined) patch.sortOrder = body.sortOrder;
  await store.updateTaskRow(ctx.db, id, patch);
  const after = toAdminTask({ ...row, ...patch });
  const fields = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
  await audit(ctx, {
    ...actor,
    action: 'task.updated',
    target: id,
    detail: { name: after.name, fields, enabled: after.enabled },
  });
  return { before: toAdminTask(row), after };
}

/** Deletes a task; its conversations keep their task id (and lose its prompt). @throws 404, 409 built-in */
export async function deleteTask(ctx: Deps, actor: Actor, id: string): Promise<AdminTask> {
  const row = await store.findTaskRow(ctx.db, id);
  if (!row) throw notFound('That task');
  if (row.builtIn === 1 || isBuiltInTask(id))
    throw conflict(`"${row.name}" is built in: disable it instead of deleting it.`, 'id');
  await store.deleteTaskRow(ctx.db, id);
  await audit(ctx, { ...actor, action: 'task.deleted', target: id, detail: { name: row.name } });
  return toAdminTask(row);
}
