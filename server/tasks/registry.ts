/**
 * The task registry: what each task is (name, prompt, models, tools) as the admin left it in the
 * tasks table. Conversations read a task's system prompt here; GET /api/tasks lists the tasks
 * a user may use.
 */
import type { AdminTask } from '#common/admin';
import type { Task } from '#common/tasks';
import type { AppContext } from '#server/context';
import { allowListsOf } from '#server/accounts/permissions';
import { mayUse } from './access';
import { BUILT_IN_PROMPTS, DEFAULT_TASK_ID } from './builtins';
import { listTaskRows, type TaskRow } from './store';

export { DEFAULT_TASK_ID, isBuiltInTask } from './builtins';

type Deps = Pick<AppContext, 'db'>;

function stringArray(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A tasks row → the admin's view. */
export function toAdminTask(row: TaskRow): AdminTask {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    icon: row.icon,
    systemPrompt: row.systemPrompt,
    models: stringArray(row.models),
    tools: stringArray(row.tools),
    defaultModel: row.defaultModel,
    temperature: row.temperature,
    topP: row.topP,
    maxTokens: row.maxTokens,
    contextLength: row.contextLength,
    promptVisible: row.promptVisible === 1,
    sortOrder: row.sortOrder,
    enabled: row.enabled === 1,
    builtIn: row.builtIn === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A task as a member sees it: the locked prompt only when the admin lets members see it. */
export function publicTask(task: AdminTask): Task {
  return {
    id: task.id,
    name: task.name,
    description: task.description,
    ...(task.icon ? { icon: task.icon } : {}),
    ...(task.defaultModel ? { defaultModel: task.defaultModel } : {}),
    ...(task.promptVisible ? { systemPrompt: task.systemPrompt } : {}),
  };
}

/** Every task row in the admin's order (a household has a handful). */
function taskRows(ctx: Deps): Promise<readonly TaskRow[]> {
  return listTaskRows(ctx.db);
}

async function findTaskRow(ctx: Deps, id: string): Promise<TaskRow | undefined> {
  return (await taskRows(ctx)).find((row) => row.id === id);
}

/** Every task, in the admin's order. */
export async function listTasks(ctx: Deps): Promise<AdminTask[]> {
  return (await taskRows(ctx)).map(toAdminTask);
}

/** One task (enabled or not), or null. */
export async function getTask(ctx: Deps, id: string): Promise<AdminTask | null> {
  const row = await findTaskRow(ctx, id);
  return row ? toAdminTask(row) : null;
}

/**
 * The system prompt a conversation of this task starts with, or null for none. A disabled
 * task's old conversations keep their prompt.
 */
export async function taskSystemPrompt(ctx: Deps, taskId: string): Promise<string | null> {
  const row = await findTaskRow(ctx, taskId);
  if (!row) return BUILT_IN_PROMPTS[taskId] ?? null;
  return row.systemPrompt.trim() === '' ? null : row.systemPrompt;
}

/** Whether `userId` may start or switch a conversation to this task (the rule in ./access). */
export async function isTaskUsable(ctx: Deps, userId: string, taskId: string): Promise<boolean> {
  const [task, lists] = await Promise.all([getTask(ctx, taskId), allowListsOf(ctx, userId)]);
  return !!task && mayUse(lists, task);
}

/** The enabled tasks a user may use, as members see them (GET /api/tasks). */
export async function tasksForUser(ctx: Deps, userId: string): Promise<Task[]> {
  const [tasks, lists] = await Promise.all([listTasks(ctx), allowListsOf(ctx, userId)]);
  return tasks.filter((t) => mayUse(lists, t)).map(publicTask);
}

/** The task of a new conversation that names none: general if usable, else the user's first usable task. */
export async function defaultTaskFor(ctx: Deps, userId: string): Promise<string> {
  const usable = await tasksForUser(ctx, userId);
  return usable.some((t) => t.id === DEFAULT_TASK_ID) ? DEFAULT_TASK_ID : (usable[0]?.id ?? DEFAULT_TASK_ID);
}
