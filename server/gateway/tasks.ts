/**
 * Tasks on /v1: `model: "task:<id>"` asks with that task's locked prompt, parameters and default
 * model; `"task:<id>/<model id>"` picks one of the task's models. The same plan as web chat
 * (server/tasks/plan.ts) decides, and every refusal is OpenAI's 404 `model_not_found`, which is
 * what OpenAI clients expect for a model they may not use.
 */
import type { User } from '#common/auth';
import type { OpenAiModel } from '#common/gateway';
import type { AppContext } from '#server/context';
import { HttpError } from '#server/errors';
import type { ResolvedModel } from '#server/providers/registry';
import type { ChatTurn, SamplingOptions } from '#server/providers/types';
import { resolveGenerationPlan } from '#server/tasks/plan';
import { tasksForUser } from '#server/tasks/registry';
import { modelNotFound } from './errors';
import { resolveRequestedModel } from './models';

/** The prefix that names a task in `model`. */
export const TASK_PREFIX = 'task:';

/** `task:<id>` or `task:<id>/<model id>` → its parts; null for a plain model id. */
export function parseTaskModel(model: string): { taskId: string; modelId?: string } | null {
  if (!model.startsWith(TASK_PREFIX)) return null;
  const rest = model.slice(TASK_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { taskId: rest };
  return { taskId: rest.slice(0, slash), modelId: rest.slice(slash + 1) };
}

/** The tasks the caller may use, as /v1 model entries (`task:<id>`). */
export async function taskModels(ctx: AppContext, user: User, created: number): Promise<OpenAiModel[]> {
  return (await tasksForUser(ctx, user.id)).map((task) => ({
    id: `${TASK_PREFIX}${task.id}`,
    object: 'model' as const,
    created,
    owned_by: `Hearth task: ${task.name}`,
  }));
}

/** What a task request sends: the model, the task's system turns before the caller's, the options. */
export type TaskRequest = { resolved: ResolvedModel; turns: ChatTurn[]; options: SamplingOptions };

/**
 * Applies the task to a /v1 request: its system messages come first (the caller's own follow),
 * its parameters override the caller's, its model list bounds the model.
 * @throws OpenAI 404 model_not_found for a task or a model the caller may not use
 */
export async function applyTask(
  ctx: AppContext,
  user: User,
  requested: string,
  spec: { taskId: string; modelId?: string | undefined },
  callerTurns: ChatTurn[],
  callerOptions: SamplingOptions,
): Promise<TaskRequest> {
  // A bare model name is resolved as for plain requests, then must pass the task's rule.
  const named = spec.modelId ? (await resolveRequestedModel(ctx, user, spec.modelId)).model.id : undefined;
  let plan;
  try {
    plan = await resolveGenerationPlan(ctx, { user, taskId: spec.taskId, requested: named });
  } catch (err) {
    if (err instanceof HttpError && (err.statusCode === 403 || err.statusCode === 404)) throw modelNotFound(requested);
    throw err;
  }
  const resolved = await ctx.models.resolve(plan.modelId);
  if (!resolved) throw modelNotFound(requested);
  const system = plan.system.map((content): ChatTurn => ({ role: 'system', content }));
  return { resolved, turns: [...system, ...callerTurns], options: { ...callerOptions, ...plan.options } };
}
