/**
 * Model server connections as the admin manages them: the ones added here (stored with their
 * API key, which never leaves the server), plus the read-only ones from HEARTH_MODEL_SERVERS
 * and the default probe. Every change makes the model registry list the servers again.
 */
import type {
  AdminConnection,
  AdminConnectionList,
  ConnectionSource,
  ConnectionTestBody,
  ConnectionTestResult,
  CreateConnectionBody,
  UpdateConnectionBody,
} from '#common/admin';
import type { ModelServerState } from '#common/models';
import type { AppContext } from '#server/context';
import type { ConnectionRow } from '#server/db/schema';
import { badRequest, conflict, notFound } from '#server/errors';
import { applyConnectionSettings, isConfiguredConnection } from './connection-settings';
import { listConnectionSettings, listModelSettings } from './settings-store';
import { displayUrl } from './errors';
import { createProvider, timeoutsFrom } from './factory';
import { deleteConnection, findConnection, insertConnection, listAllConnections, updateConnection } from './store';
import { ModelServerError, type ConnectionInfo } from './types';
import { audit, type Actor } from '#server/safety/audit';

/** A test never waits longer than this, whatever the configured connect timeout. */
const MAX_TEST_MS = 10_000;

function stateFields(state: ModelServerState | undefined) {
  return {
    reachable: state?.reachable ?? null,
    modelCount: state ? state.modelCount : null,
    error: state?.error ?? null,
  };
}

/** A server's stored settings, as the admin list shows them. */
type Extra = { maxConcurrent: number | null; hiddenModels: string[] };
const NO_EXTRA: Extra = { maxConcurrent: null, hiddenModels: [] };

/** The settings of every server, by connection id. */
async function extras(ctx: AppContext): Promise<(id: string) => Extra> {
  const [servers, models] = await Promise.all([listConnectionSettings(ctx.db), listModelSettings(ctx.db)]);
  return (id) => ({
    maxConcurrent: servers.get(id)?.maxConcurrent ?? null,
    hiddenModels: [...models.values()].filter((m) => m.connectionId === id && m.hidden).map((m) => m.modelId),
  });
}

function fromRow(row: ConnectionRow, state: ModelServerState | undefined, extra: Extra = NO_EXTRA): AdminConnection {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    baseUrl: row.baseUrl,
    hasApiKey: row.apiKey !== null && row.apiKey !== '',
    enabled: row.enabled === 1,
    source: 'database',
    readOnly: false,
    ...extra,
    ...stateFields(state),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function fromConfig(
  c: ConnectionInfo,
  source: ConnectionSource,
  state: ModelServerState | undefined,
  extra: Extra = NO_EXTRA,
): AdminConnection {
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    baseUrl: displayUrl(c.baseUrl),
    hasApiKey: !!c.apiKey,
    enabled: true,
    source,
    readOnly: true,
    ...extra,
    ...stateFields(state),
    createdAt: null,
    updatedAt: null,
  };
}

/** Every model server: env ones first, then the admin's (enabled or not), then probed defaults. */
export async function listAdminConnections(ctx: AppContext): Promise<AdminConnectionList> {
  const [rows, inUse, listing, extra] = await Promise.all([
    listAllConnections(ctx.db),
    ctx.models.connections(),
    ctx.models.list(),
    extras(ctx),
  ]);
  const states = new Map(listing.servers.map((s) => [s.connectionId, s]));
  const stored = new Set(rows.map((r) => r.id));
  const others = inUse.filter((c) => !stored.has(c.id));
  return {
    items: [
      ...others.filter((c) => c.id.startsWith('env-')).map((c) => fromConfig(c, 'env', states.get(c.id), extra(c.id))),
      ...rows.map((r) => fromRow(r, states.get(r.id), extra(r.id))),
      ...others
        .filter((c) => !c.id.startsWith('env-'))
        .map((c) => fromConfig(c, 'probe', states.get(c.id), extra(c.id))),
    ],
  };
}

/** A URL with `user:pass@` would carry a secret where the key field cannot protect it. */
function checkBaseUrl(baseUrl: string): void {
  const url = new URL(baseUrl);
  if (url.username || url.password)
    throw badRequest('baseUrl: put credentials in the API key field, not in the URL', 'baseUrl');
}

/** The stored row of an editable connection. @throws 404, 409 for env/probe servers */
async function requireStored(ctx: AppContext, id: string): Promise<ConnectionRow> {
  const row = await findConnection(ctx.db, id);
  if (row) return row;
  if ((await ctx.models.connections()).some((c) => c.id === id)) {
    throw conflict(
      'This model server comes from the server’s configuration (HEARTH_MODEL_SERVERS or the default probe) and cannot be changed here.',
    );
  }
  throw notFound('That model server');
}

/** What the audit log keeps of a connection: never the key. */
const described = (row: ConnectionRow) => ({
  name: row.name,
  provider: row.provider,
  baseUrl: displayUrl(row.baseUrl),
  hasKey: !!row.apiKey,
  enabled: row.enabled === 1,
});

/** Adds a model server. */
export async function createAdminConnection(
  ctx: AppContext,
  actor: Actor,
  body: CreateConnectionBody,
): Promise<AdminConnection> {
  checkBaseUrl(body.baseUrl);
  const row = await insertConnection(ctx.db, { ...body, apiKey: body.apiKey ?? null });
  ctx.models.invalidate();
  await audit(ctx, { ...actor, action: 'connection.created', target: row.id, detail: described(row) });
  return fromRow(row, undefined);
}

/** The admin's view of one server after a change. */
async function adminView(ctx: AppContext, id: string): Promise<AdminConnection> {
  const found = (await listAdminConnections(ctx)).items.find((c) => c.id === id);
  if (!found) throw notFound('That model server');
  return found;
}

/** Changed fields of a PATCH, for the audit log. */
const changedFields = (body: UpdateConnectionBody) =>
  Object.keys(body).filter((k) => body[k as keyof UpdateConnectionBody] !== undefined);

/**
 * Edits a model server: no `apiKey` keeps the key, null clears it. A server from the config
 * takes only its name, maxConcurrent and hidden models (stored as settings; its address stays).
 */
export async function updateAdminConnection(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdateConnectionBody,
): Promise<AdminConnection> {
  if (await isConfiguredConnection(ctx, id)) {
    await applyConnectionSettings(ctx, id, body, true);
    ctx.models.invalidate();
    const view = await adminView(ctx, id);
    await audit(ctx, {
      ...actor,
      action: 'connection.updated',
      target: id,
      detail: { name: view.name, fields: changedFields(body) },
    });
    return view;
  }
  const before = await requireStored(ctx, id);
  if (body.baseUrl !== undefined) {
    checkBaseUrl(body.baseUrl);
    // A stored key follows the server only to the same origin: moving it elsewhere needs it typed again (or null).
    if (before.apiKey && body.apiKey === undefined && new URL(before.baseUrl).origin !== new URL(body.baseUrl).origin) {
      throw badRequest(
        'apiKey: enter the API key again (or clear it) when moving the server to another address',
        'apiKey',
      );
    }
  }
  const patch: Parameters<typeof updateConnection>[2] = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.provider !== undefined) patch.provider = body.provider;
  if (body.baseUrl !== undefined) patch.baseUrl = body.baseUrl;
  if (body.apiKey !== undefined) patch.apiKey = body.apiKey;
  if (body.enabled !== undefined) patch.enabled = body.enabled ? 1 : 0;
  await applyConnectionSettings(ctx, id, body, false);
  const row = await updateConnection(ctx.db, id, patch);
  if (!row) throw notFound('That model server');
  ctx.models.invalidate();
  await audit(ctx, {
    ...actor,
    action: 'connection.updated',
    target: id,
    detail: { ...described(row), fields: changedFields(body) },
  });
  return fromRow(row, undefined, (await extras(ctx))(id));
}

/** Removes a model server (conversations keep its model ids; sending to them answers 404). */
export async function deleteAdminConnection(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await requireStored(ctx, id);
  await deleteConnection(ctx.db, id);
  ctx.models.invalidate();
  await audit(ctx, { ...actor, action: 'connection.deleted', target: id, detail: described(row) });
}

/** Lists a server's models once, timing it. Never throws: failures are `reachable: false`. */
async function probe(ctx: AppContext, connection: ConnectionInfo): Promise<ConnectionTestResult> {
  const started = performance.now();
  const timeoutMs = Math.min(MAX_TEST_MS, Math.max(ctx.config.modelConnectTimeoutMs, 1000));
  try {
    const models = await createProvider(connection, timeoutsFrom(ctx.config)).listModels(
      AbortSignal.timeout(timeoutMs),
    );
    return {
      reachable: true,
      modelCount: models.length,
      models: models.slice(0, 50).map((m) => m.name),
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const error =
      err instanceof ModelServerError
        ? err.message
        : `Could not list the models of ${connection.name} at ${displayUrl(connection.baseUrl)}.`;
    return { reachable: false, modelCount: 0, models: [], error, latencyMs: Math.round(performance.now() - started) };
  }
}

/** Tests a saved (or configured) server. @throws 404 */
export async function testSavedConnection(ctx: AppContext, id: string): Promise<ConnectionTestResult> {
  const row = await findConnection(ctx.db, id);
  const connection: ConnectionInfo | undefined = row
    ? { id: row.id, name: row.name, provider: row.provider, baseUrl: row.baseUrl, apiKey: row.apiKey ?? undefined }
    : (await ctx.models.connections()).find((c) => c.id === id);
  if (!connection) throw notFound('That model server');
  return probe(ctx, connection);
}

/** Tests an unsaved draft; with `connectionId` and no key, that connection's stored key is used. */
export async function testDraftConnection(ctx: AppContext, body: ConnectionTestBody): Promise<ConnectionTestResult> {
  checkBaseUrl(body.baseUrl);
  let apiKey = body.apiKey;
  if (apiKey === undefined && body.connectionId !== undefined) {
    const row = await findConnection(ctx.db, body.connectionId);
    if (!row) throw notFound('That model server');
    // The stored key goes only where it went before: a test must not carry it to another host.
    if (row.apiKey && new URL(row.baseUrl).origin !== new URL(body.baseUrl).origin) {
      throw badRequest('apiKey: enter the API key again to test a different address', 'apiKey');
    }
    apiKey = row.apiKey ?? undefined;
  }
  const name = body.provider === 'ollama' ? 'Ollama' : 'the model server';
  return probe(ctx, { id: 'draft', name, provider: body.provider, baseUrl: body.baseUrl.replace(/\/+$/, ''), apiKey });
}
