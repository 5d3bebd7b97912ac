/**
 * The one permission rule of tasks (common/tasks.ts TASK_PERMISSION_RULE says it in words):
 * a member may use task T when T is enabled and the member's task list is null (every enabled
 * task) or contains T; model M in task T when, in addition, T's model list is empty or contains
 * M, and the member's model list is null or contains M. Every path that picks a task or a model
 * (conversations, GET /api/models and /api/tasks, /v1) asks here.
 */
import type { AllowLists } from '#server/accounts/permissions';

/** The parts of a task the rule reads. */
export type TaskAccess = { id: string; enabled: boolean; models: readonly string[] };

/**
 * Whether a member with allow-lists `lists` may use `task` — and, when `modelId` is given,
 * that model within it.
 */
export function mayUse(lists: AllowLists, task: TaskAccess, modelId?: string): boolean {
  const taskOk = task.enabled && (lists.taskIds === null || lists.taskIds.includes(task.id));
  if (!taskOk || modelId === undefined) return taskOk;
  return (
    (task.models.length === 0 || task.models.includes(modelId)) &&
    (lists.modelIds === null || lists.modelIds.includes(modelId))
  );
}

/**
 * Why `mayUse` refuses a model in a usable task, for the error to answer: `member` when the
 * member's own model list leaves it out (404 model_not_found, as for a model that does not
 * exist), `task` when only the task's list does (403 model_not_allowed on /api). Derived from
 * `mayUse` itself, so the rule stays in one place.
 */
export function modelRefusal(lists: AllowLists, task: TaskAccess, modelId: string): 'member' | 'task' | null {
  if (mayUse(lists, task, modelId)) return null;
  return mayUse({ ...lists, modelIds: null }, task, modelId) ? 'member' : 'task';
}
