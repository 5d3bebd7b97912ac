/**
 * Which models a /v1 caller may use, and what a request's `model` names. The same models as the
 * web app's picker (GET /api/models, the caller's allow-list applied); ids are Hearth's
 * (`<connectionId>/<name>`), and a bare upstream name is accepted when exactly one allowed model
 * has it — for tools that only let you type "llama3.2".
 */
import type { User } from '#common/auth';
import type { OpenAiModel } from '#common/gateway';
import type { Model } from '#common/models';
import type { AppContext } from '#server/context';
import type { ResolvedModel } from '#server/providers/registry';
import { modelsForUser } from '#server/providers/routes';
import { invalidRequest, modelNotFound } from './errors';

/** Model servers do not say when a model was made; this process's start stands in (stable per run). */
const STARTED = Math.floor(Date.now() / 1000);
/** The `created` of every /v1 model entry (tasks' too). */
export const MODELS_CREATED = STARTED;

/** The models `user` may use; `fresh` lists the servers again instead of using the short cache. */
export async function allowedModels(ctx: AppContext, user: User, fresh = false): Promise<Model[]> {
  const reply = fresh ? await ctx.models.refresh() : await ctx.models.list();
  return (await modelsForUser(ctx, user, reply)).items;
}

/** A model in OpenAI's list format. */
export function toOpenAiModel(model: Model): OpenAiModel {
  return {
    id: model.id,
    object: 'model',
    created: STARTED,
    owned_by: model.connectionName,
    ...(model.contextLength ? { context_length: model.contextLength } : {}),
  };
}

/** The allowed model that `requested` names: its id, else its unique bare name. */
function pick(models: Model[], requested: string): Model | 'ambiguous' | null {
  const exact = models.find((m) => m.id === requested);
  if (exact) return exact;
  // The name its server uses (what tools type), not the display name the admin gave it.
  const byName = models.filter((m) => (m.serverName ?? m.name) === requested);
  if (byName.length > 1) return 'ambiguous';
  return byName[0] ?? null;
}

/** The model a request names and its provider; 404 model_not_found when it is unknown or not allowed. */
export async function resolveRequestedModel(ctx: AppContext, user: User, requested: string): Promise<ResolvedModel> {
  let found = pick(await allowedModels(ctx, user), requested);
  // Not in a possibly stale list (a model pulled a minute ago): list the servers again once.
  if (!found) found = pick(await allowedModels(ctx, user, true), requested);
  if (found === 'ambiguous') {
    throw invalidRequest(
      `Several model servers have a model named \`${requested}\`. Use its full id from GET /v1/models, e.g. "<server>/${requested}".`,
      'model',
      'model_ambiguous',
    );
  }
  if (!found) throw modelNotFound(requested);
  const resolved = await ctx.models.resolve(found.id);
  if (!resolved) throw modelNotFound(requested);
  return resolved;
}
