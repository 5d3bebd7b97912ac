/**
 * The tools a task may list, by name, and the tools a reply gets: those its conversation's task
 * lists, and only when the member may use that task (it is enabled and they are granted it). A
 * task's `tools` column is admin data; text a member writes never reaches this decision.
 */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import type { GenerationTool } from '#server/generation/tools';
import type { ResolvedModel } from '#server/providers/registry';
import { MUSIC_TOOL_NAME } from './music/tool';
import { withTaskTools } from './tool-provider';
import { getTask, isTaskUsable } from './registry';

type Deps = Pick<AppContext, 'db' | 'music' | 'config'>;

/** Makes a fresh instance of each known tool for one reply (a tool may keep per-reply state). */
const FACTORIES: Readonly<Record<string, (ctx: Deps) => GenerationTool>> = {
  [MUSIC_TOOL_NAME]: (ctx) => ctx.music.tool(),
};

/** The names a task's `tools` list may hold (the admin task editor offers these). */
export const KNOWN_TOOLS: readonly string[] = Object.keys(FACTORIES);

/** What a reply in a task's conversation is given besides its turns. */
export type ReplyTools = {
  tools?: GenerationTool[];
  /** The model is known not to call tools: offer them as fenced blocks in plain text instead. */
  toolsInText?: boolean;
};

/**
 * The tools of a reply in a conversation of `taskId` written by `modelId`; empty (no tools)
 * when the task lists none, is disabled, or the member is not granted it.
 */
export async function replyTools(
  ctx: Deps,
  user: Pick<User, 'id'>,
  taskId: string,
  modelId: string,
): Promise<ReplyTools> {
  const task = await getTask(ctx, taskId);
  const names = (task?.tools ?? []).filter((name) => Object.hasOwn(FACTORIES, name));
  if (names.length === 0 || !(await isTaskUsable(ctx, user.id, taskId))) return {};
  const tools = names.map((name) => FACTORIES[name]!(ctx));
  return ctx.config.modelsWithoutTools.includes(modelId) ? { tools, toolsInText: true } : { tools };
}

/**
 * On `/v1`: when the request names a task (`model: "task:<id>"`), the resolved model with the
 * task's tools run inside its provider (tool-provider.ts); otherwise the model as it is.
 */
export async function gatewayTaskTools(
  ctx: Deps & Pick<AppContext, 'log'>,
  user: Pick<User, 'id'>,
  requested: string,
  resolved: ResolvedModel,
): Promise<ResolvedModel> {
  const taskId = /^task:(.+)$/.exec(requested)?.[1];
  if (!taskId) return resolved;
  const { tools } = await replyTools(ctx, user, taskId, resolved.model.id);
  if (!tools?.length) return resolved;
  return { ...resolved, provider: withTaskTools(resolved.provider, tools, user.id, ctx.log) };
}
