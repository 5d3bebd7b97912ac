/**
 * The editable settings of every model server, configured ones included: a server from
 * HEARTH_MODEL_SERVERS or auto-detection keeps its address in the config, but its name,
 * `maxConcurrent` and hidden models are the admin's. Also one model's display name and visibility.
 * (`maxConcurrent` is enforced by the fair queue, server/generation/scheduler.ts.)
 */
import type { ModelSettingsBody, ModelSettingsReply, UpdateConnectionBody } from '#common/admin';
import type { AppContext } from '#server/context';
import { badRequest, notFound } from '#server/errors';
import { audit, type Actor } from '#server/safety/audit';
import type { Db } from '#server/db/database';
import {
  listConnectionSettings,
  listModelSettings,
  setHiddenModels,
  upsertConnectionSettings,
  upsertModelSettings,
} from './settings-store';
import { findConnection } from './store';

/** Fields of a configured server that come from the config and cannot change here. */
const CONFIG_FIELDS = ['provider', 'baseUrl', 'apiKey', 'enabled'] as const;

/** The server by id, configured or stored, with its current name. @throws 404 */
async function requireAnyConnection(ctx: AppContext, id: string): Promise<{ name: string; configured: boolean }> {
  const row = await findConnection(ctx.db, id);
  if (row) return { name: row.name, configured: false };
  const configured = (await ctx.models.connections()).find((c) => c.id === id);
  if (!configured) throw notFound('That model server');
  return { name: configured.name, configured: true };
}

/** Whether `id` names a server from the config (HEARTH_MODEL_SERVERS or the default probe). */
export async function isConfiguredConnection(ctx: AppContext, id: string): Promise<boolean> {
  if (await findConnection(ctx.db, id)) return false;
  return (await ctx.models.connections()).some((c) => c.id === id);
}

/** The model ids of `hiddenModels` must belong to this server. @throws 400 */
function checkHidden(id: string, hiddenModels: readonly string[] | undefined): void {
  const stray = hiddenModels?.find((m) => !m.startsWith(`${id}/`) || m.length <= id.length + 1);
  if (stray !== undefined)
    throw badRequest(
      `hiddenModels: "${stray}" is not a model of this server (ids look like "${id}/<name>")`,
      'hiddenModels',
    );
}

/**
 * Stores the settings part of a PATCH (name of a configured server, maxConcurrent, hidden
 * models). For a configured server any other field is a 400 naming it.
 * @returns whether anything was stored
 */
export async function applyConnectionSettings(
  ctx: AppContext,
  id: string,
  body: UpdateConnectionBody,
  configured: boolean,
): Promise<void> {
  if (configured) {
    const field = CONFIG_FIELDS.find((f) => body[f] !== undefined);
    if (field) {
      throw badRequest(
        `${field}: this model server comes from HEARTH_MODEL_SERVERS (or auto-detection), so its ${field} is set there; only its name, maxConcurrent and hidden models can change here`,
        field,
      );
    }
  }
  checkHidden(id, body.hiddenModels);
  const patch: { name?: string; maxConcurrent?: number | null } = {};
  if (configured && body.name !== undefined) patch.name = body.name;
  if (body.maxConcurrent !== undefined) patch.maxConcurrent = body.maxConcurrent;
  if (Object.keys(patch).length > 0) await upsertConnectionSettings(ctx.db, id, patch);
  if (body.hiddenModels !== undefined) await setHiddenModels(ctx.db, id, body.hiddenModels);
}

/** Sets one model's display name and/or visibility. @throws 404 unknown server */
export async function updateModelSettings(
  ctx: AppContext,
  actor: Actor,
  connectionId: string,
  body: ModelSettingsBody,
): Promise<ModelSettingsReply> {
  const server = await requireAnyConnection(ctx, connectionId);
  const id = `${connectionId}/${body.model}`;
  await upsertModelSettings(ctx.db, id, connectionId, { displayName: body.name, hidden: body.hidden });
  ctx.models.invalidate();
  const fields = (['name', 'hidden'] as const).filter((k) => body[k] !== undefined).map((k) => `model ${k}`);
  await audit(ctx, {
    ...actor,
    action: 'connection.updated',
    target: connectionId,
    detail: { name: server.name, model: body.model, fields },
  });
  const saved = (await listModelSettings(ctx.db)).get(id);
  return { id, name: saved?.displayName ?? null, hidden: saved?.hidden ?? false };
}

/**
 * How many generations the server `connectionId` may run at once (`maxConcurrent`, for
 * configured and stored servers alike); null: no cap. Read by the fair queue on every request.
 */
export async function serverConcurrency(db: Db, connectionId: string): Promise<number | null> {
  return (await listConnectionSettings(db)).get(connectionId)?.maxConcurrent ?? null;
}
