/**
 * The generation plan: what a conversation's task decides about a reply, in one place, so every
 * path that asks a model (send, regenerate, edit, /v1 with `task:<id>`) gets the same answer.
 *
 * - System messages: the task's locked prompt is always the first, alone; for a supervised member
 *   with an age band, its locked safety instruction follows as its own system message
 *   (safety/family/age-band.ts); the member's custom instructions (Settings) come last, separate. Neither is ever joined
 *   with user text, and nothing a member or an imported chat writes becomes a system message.
 * - The model: the one asked for must pass the permission rule (./access), else 404
 *   `model_not_found` (the member may not use it at all) or 403 `model_not_allowed` (outside the
 *   task); with none asked for, the first usable of the conversation's, the task's default, the
 *   member's default and the first available model.
 * - Parameters: the task's (null = the model server's own default).
 * - Tools: the task's tool names; the tool loop turns them into tools.
 */
import type { User } from '#common/auth';
import type { AdminTask } from '#common/admin';
import type { AppContext } from '#server/context';
import { allowListsOf, type AllowLists } from '#server/accounts/permissions';
import { HttpError, modelUnavailable, notFound } from '#server/errors';
import type { SamplingOptions } from '#server/providers/types';
import type { ModelsReply } from '#common/models';
import { mayUse, modelRefusal } from './access';
import { BUILT_IN_PROMPTS } from './builtins';
import { getTask } from './registry';
import { isHiddenFromMembers } from '#server/providers/visibility';
import { ageBandInstruction } from '#server/safety/family/age-band';

type Deps = Pick<AppContext, 'db' | 'models'>;

/** What a task decides about one reply. */
export type GenerationPlan = {
  taskId: string;
  /** System messages in order: the task prompt (when it has one), the age band's, custom instructions. */
  system: string[];
  /** The model id ("<connectionId>/<name>") the reply is written with. */
  modelId: string;
  /** The task's parameters; `contextLength` also bounds the history sent. */
  options: SamplingOptions;
  /** The task's tool names, for the tool loop. */
  toolNames: string[];
};

/** What the plan is for. */
export type PlanRequest = {
  /** Without a role the user counts as a member (models an admin hid are refused). */
  user: Pick<User, 'id' | 'settings'> & Partial<Pick<User, 'role' | 'supervised'>>;
  taskId: string;
  /** The model the request names (the body's `model`); refused when outside the rule. */
  requested?: string | undefined;
  /** The conversation's model, used when usable in the task (a stale one is skipped, not refused). */
  current?: string | null | undefined;
  /** The sentence for "no model can answer" when the task names no models of its own. */
  noModelMessage?: (() => Promise<string>) | undefined;
};

/** Says the member's instructions are theirs, so a model does not take them for the household's. */
export const CUSTOM_INSTRUCTIONS_INTRO =
  'The person you are talking with added these instructions of their own. Follow them where they do not conflict with the instructions above:\n\n';

/** 403 `model_not_allowed`: a model the task does not offer. */
export const modelNotAllowed = (modelId: string, taskName: string) =>
  new HttpError(
    403,
    'model_not_allowed',
    `The task “${taskName}” does not use the model "${modelId}". Pick one of its models.`,
    'model',
  );

/** 403 `task_not_allowed`: a task that is switched off, gone, or no longer on the member's list. */
export const taskNotAllowed = (taskName: string) =>
  new HttpError(
    403,
    'task_not_allowed',
    `You cannot use the task “${taskName}” any more (it was switched off or taken off your list). Start a new chat with another task.`,
    'taskId',
  );

/** The task row, or the built-in's defaults when a database predates the tasks table's seed. */
async function loadTask(ctx: Deps, taskId: string): Promise<AdminTask | null> {
  const task = await getTask(ctx, taskId);
  if (task || !Object.hasOwn(BUILT_IN_PROMPTS, taskId)) return task;
  const now = new Date(0).toISOString();
  return {
    ...{ id: taskId, name: taskId, description: '', icon: null, systemPrompt: BUILT_IN_PROMPTS[taskId]! },
    ...{ models: [], tools: [], defaultModel: null, enabled: true, builtIn: true, promptVisible: false },
    ...{ temperature: null, topP: null, maxTokens: null, contextLength: null, sortOrder: 0 },
    ...{ createdAt: now, updatedAt: now },
  };
}

/** The task and the member's lists, or 403 when the member may not use the task. */
export async function requireUsableTask(
  ctx: Deps,
  userId: string,
  taskId: string,
): Promise<{ task: AdminTask; lists: AllowLists }> {
  const [task, lists] = await Promise.all([loadTask(ctx, taskId), allowListsOf(ctx, userId)]);
  if (!task || !mayUse(lists, task)) throw taskNotAllowed(task?.name ?? taskId);
  return { task, lists };
}

/** The first model usable in the task when none is asked for; null when there is none. */
async function fallbackModel(
  ctx: Deps,
  task: AdminTask,
  lists: AllowLists,
  request: PlanRequest,
): Promise<string | null> {
  const usable = (id: string | null | undefined): id is string => !!id && mayUse(lists, task, id);
  for (const id of [request.current, task.defaultModel, request.user.settings.defaultModel]) {
    if (usable(id)) return id;
  }
  const { items } = await ctx.models.list();
  return (
    items.find((m) => m.available && !m.hidden && usable(m.id))?.id ??
    items.find((m) => !m.hidden && usable(m.id))?.id ??
    task.models.find(usable) ??
    null
  );
}

/** The model a new conversation of this task starts with (null: chosen at the first send). */
export async function initialModel(
  ctx: Deps,
  user: Pick<User, 'id' | 'settings'>,
  taskId: string,
  requested: string | undefined,
): Promise<string | null> {
  const { task, lists } = await requireUsableTask(ctx, user.id, taskId);
  if (requested) {
    checkModel(task, lists, requested);
    return requested;
  }
  const usable = (id: string | null | undefined): id is string => !!id && mayUse(lists, task, id);
  return [task.defaultModel, user.settings.defaultModel, ...task.models].find(usable) ?? null;
}

/** 404 / 403 unless the member may use `modelId` in the task (see checkModel). */
export async function requireModelInTask(ctx: Deps, userId: string, taskId: string, modelId: string): Promise<void> {
  const { task, lists } = await requireUsableTask(ctx, userId, taskId);
  checkModel(task, lists, modelId);
}

/** 404 `model_not_found` for a model the member may not use at all; 403 `model_not_allowed` outside the task. */
function checkModel(task: AdminTask, lists: AllowLists, modelId: string): void {
  const refusal = modelRefusal(lists, task, modelId);
  if (refusal === 'member') throw new HttpError(404, 'model_not_found', `There is no model "${modelId}".`, 'model');
  if (refusal === 'task') throw modelNotAllowed(modelId, task.name);
}

/** The task's parameters as the providers take them (only those it sets). */
function taskOptions(task: AdminTask): SamplingOptions {
  const options: SamplingOptions = {};
  if (task.temperature !== null) options.temperature = task.temperature;
  if (task.topP !== null) options.topP = task.topP;
  if (task.maxTokens !== null) options.maxTokens = task.maxTokens;
  if (task.contextLength !== null) options.contextLength = task.contextLength;
  return options;
}

/**
 * Everything the task decides about a reply.
 * @throws 403 task_not_allowed, 403 model_not_allowed, 404 model_not_found, 503 no model at all
 */
export async function resolveGenerationPlan(ctx: Deps, request: PlanRequest): Promise<GenerationPlan> {
  const { task, lists } = await requireUsableTask(ctx, request.user.id, request.taskId);
  let modelId: string | null;
  if (request.requested) {
    checkModel(task, lists, request.requested);
    modelId = request.requested;
  } else modelId = await fallbackModel(ctx, task, lists, request);
  // A model an admin hid from members answers as one that does not exist (web and /v1 alike).
  if (modelId && request.user.role !== 'admin' && (await isHiddenFromMembers(ctx, modelId))) {
    throw new HttpError(404, 'model_not_found', `There is no model "${modelId}".`, 'model');
  }
  if (!modelId) {
    throw modelUnavailable(
      task.models.length > 0
        ? `None of the models of the task “${task.name}” can be reached right now. Try again later, or ask whoever runs Hearth.`
        : ((await request.noModelMessage?.()) ??
            'No model server is reachable. Ask whoever runs Hearth to start one (LM Studio, Ollama, …) and try again.'),
    );
  }
  const system: string[] = [];
  if (task.systemPrompt.trim() !== '') system.push(task.systemPrompt);
  const ageBand = await ageBandInstruction(ctx, request.user);
  if (ageBand) system.push(ageBand);
  const own = request.user.settings.customInstructions?.trim();
  if (own) system.push(CUSTOM_INSTRUCTIONS_INTRO + own);
  return { taskId: task.id, system, modelId, options: taskOptions(task), toolNames: [...task.tools] };
}

/**
 * The part of a models listing usable in a task (GET /api/models?taskId=), so the picker offers
 * only the task's models. 404 for a task the member may not use (as for one that does not exist).
 */
export async function modelsInTask(
  ctx: Deps,
  userId: string,
  taskId: string,
  reply: ModelsReply,
): Promise<ModelsReply> {
  const [task, lists] = await Promise.all([loadTask(ctx, taskId), allowListsOf(ctx, userId)]);
  if (!task || !mayUse(lists, task)) throw notFound('That task');
  return { ...reply, items: reply.items.filter((m) => mayUse(lists, task, m.id)) };
}
