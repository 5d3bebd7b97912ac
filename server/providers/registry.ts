/**
 * The household's model servers and their models: which servers there are (connections table,
 * HEARTH_MODEL_SERVERS, or the default LM Studio / Ollama ports), what each one offers (listed
 * in parallel, cached briefly, one dead server never stalls the list), and the provider that
 * talks to each.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Model, ModelServerState, ModelsReply } from '#common/models';
import type { Config } from '#server/config';
import type { Db } from '#server/db/database';
import { displayUrl } from './errors';
import { createProvider, timeoutsFrom } from './factory';
import { friendlyServerName } from './friendly-names';
import { listConnectionSettings, listModelSettings, type ModelSettings } from './settings-store';
import { listEnabledConnections } from './store';
import { ModelServerError, type ConnectionInfo, type ModelProvider, type ProviderModel } from './types';

/** Listing one server may take at most this long, whatever the connect timeout. */
const MAX_LIST_TIMEOUT_MS = 3000;

/** Probed when nothing is configured: the usual local ports of LM Studio and Ollama. */
const DEFAULT_SERVERS: readonly ConnectionInfo[] = [
  { id: 'lmstudio', name: 'LM Studio on this computer', provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1' },
  { id: 'ollama', name: 'Ollama on this computer', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434' },
];

/**
 * Where auto-detection looks: HEARTH_PROBE_SERVERS, else LM Studio's and Ollama's usual ports.
 * (The ids of probed servers never look like a stored connection's or an `env-` one.)
 */
export function probeTargets(config: Config): readonly ConnectionInfo[] {
  if (!config.probeServers) return DEFAULT_SERVERS;
  return config.probeServers.map((s, i) => ({
    id: `probe-${i + 1}`,
    name: friendlyServerName(s.provider, s.baseUrl),
    provider: s.provider,
    baseUrl: s.baseUrl,
  }));
}

/** A model resolved for a generation. */
export type ResolvedModel = { provider: ModelProvider; upstreamModel: string; model: Model };

type Listing = { connection: ConnectionInfo; models: ProviderModel[] } | { connection: ConnectionInfo; error: string };

export class ModelRegistry {
  private readonly providers = new Map<string, { key: string; provider: ModelProvider }>();
  /** The models each server listed the last time it answered (shown unavailable while it is down). */
  private readonly lastSeen = new Map<string, Model[]>();
  private readonly reachable = new Map<string, boolean>();
  private cached: { at: number; reply: ModelsReply } | null = null;
  private refreshScheduled = false;
  private connectionsCache: { epoch: number; list: ConnectionInfo[] } | null = null;
  /** Display names and hidden flags of models, loaded with the connections. */
  private modelSettings = new Map<string, ModelSettings>();
  private inflight: Promise<ModelsReply> | null = null;
  /** Bumped by invalidate(): a refresh started before it must not fill the cache after it. */
  private epoch = 0;

  constructor(readonly deps: { config: Config; db: Db; log: FastifyBaseLogger }) {}

  /**
   * Every model server in use: connections table rows, HEARTH_MODEL_SERVERS, or the probed
   * defaults. Kept in memory until invalidate() (an admin changed connections): sending a
   * message must not cost a database query for it.
   */
  async connections(): Promise<ConnectionInfo[]> {
    if (this.connectionsCache?.epoch === this.epoch) return this.connectionsCache.list;
    const epoch = this.epoch;
    const { config, db } = this.deps;
    const [stored, settings, modelSettings] = await Promise.all([
      listEnabledConnections(db),
      listConnectionSettings(db),
      listModelSettings(db),
    ]);
    // A configured server keeps its address from the config; its name is the admin's, else a readable default.
    const named = (c: ConnectionInfo): ConnectionInfo => ({ ...c, name: settings.get(c.id)?.name ?? c.name });
    const configured = (config.modelServers ?? []).map((s, i): ConnectionInfo =>
      named({
        id: `env-${i + 1}`,
        name: friendlyServerName(s.provider, s.baseUrl),
        provider: s.provider,
        baseUrl: s.baseUrl,
      }),
    );
    const list =
      configured.length === 0 && stored.length === 0 && config.probeDefaultServers
        ? probeTargets(config).map(named)
        : [...configured, ...stored];
    if (epoch === this.epoch) {
      this.connectionsCache = { epoch, list };
      this.modelSettings = modelSettings;
    }
    return list;
  }

  /**
   * All servers' models and the servers' state, cached for HEARTH_MODELS_CACHE_SECONDS. An
   * expired list is still answered at once while a refresh runs in the background, so no request
   * (least of all a message being sent) waits on every model server being asked again.
   */
  async list(): Promise<ModelsReply> {
    const { cached } = this;
    if (!cached) return this.refresh();
    if (Date.now() - cached.at >= this.deps.config.modelsCacheMs) this.refreshSoon();
    return cached.reply;
  }

  /**
   * A background refresh, started once the caller's own work has gone on: a send reads the
   * list on its way to the model server, and starting every server's listing request right
   * there would delay its own request (and so its first token) by as much again.
   */
  private refreshSoon(): void {
    if (this.refreshScheduled || this.inflight) return;
    this.refreshScheduled = true;
    setImmediate(() => {
      this.refreshScheduled = false;
      void this.refresh().catch(() => {});
    });
  }

  /** Lists every server now (callers arriving meanwhile share the same refresh). */
  refresh(): Promise<ModelsReply> {
    if (this.inflight) return this.inflight;
    const epoch = this.epoch;
    const run = this.load().then((reply) => {
      if (epoch === this.epoch) this.cached = { at: Date.now(), reply };
      return reply;
    });
    this.inflight = run;
    const clear = () => {
      if (this.inflight === run) this.inflight = null;
    };
    run.then(clear, clear);
    return run;
  }

  /**
   * The provider and upstream name for `<connectionId>/<model name>` (split on the first '/':
   * model names have slashes of their own). null when the connection does not exist, or it
   * answered and has no such model. A model on a server that is down still resolves, so the
   * user is told the server is down rather than that the model does not exist.
   */
  async resolve(modelId: string): Promise<ResolvedModel | null> {
    const slash = modelId.indexOf('/');
    if (slash <= 0 || slash === modelId.length - 1) return null;
    const connectionId = modelId.slice(0, slash);
    const upstreamModel = modelId.slice(slash + 1);
    const connection = (await this.connections()).find((c) => c.id === connectionId);
    if (!connection) return null;

    let reply = await this.list();
    let model = reply.items.find((m) => m.id === modelId);
    // Not in a possibly stale list (a model pulled a minute ago, a connection just added): ask again.
    // (A model listed as unavailable is not re-listed: the generation itself will try its server.)
    if (!model) {
      reply = await this.refresh();
      model = reply.items.find((m) => m.id === modelId);
    }
    const server = reply.servers.find((s) => s.connectionId === connectionId);
    if (!model) {
      if (server?.reachable !== false) return null;
      model = toModel(connection, { name: upstreamModel }, false, this.modelSettings);
    }
    return { provider: this.providerFor(connection), upstreamModel, model };
  }

  /**
   * The model as its server last listed it, without asking any server (undefined when it was
   * never listed by this process): for views that must not wait on a model server.
   */
  knownModel(modelId: string): Model | undefined {
    const listed = this.cached?.reply.items.find((m) => m.id === modelId);
    return listed ?? this.lastSeen.get(modelId.slice(0, modelId.indexOf('/')))?.find((m) => m.id === modelId);
  }

  /** The provider of a connection by id, or null when there is no such connection. */
  async provider(connectionId: string): Promise<ModelProvider | null> {
    const connection = (await this.connections()).find((c) => c.id === connectionId);
    return connection ? this.providerFor(connection) : null;
  }

  /** The provider of a connection; reused until the connection changes or invalidate(). */
  providerFor(connection: ConnectionInfo): ModelProvider {
    const key = JSON.stringify([connection.provider, connection.baseUrl, connection.apiKey ?? null, connection.name]);
    const hit = this.providers.get(connection.id);
    if (hit?.key === key) return hit.provider;
    const provider = createProvider(connection, timeoutsFrom(this.deps.config));
    this.providers.set(connection.id, { key, provider });
    return provider;
  }

  /** The first available model, for a conversation that names none. */
  async defaultModelId(): Promise<string | null> {
    return (await this.list()).items.find((m) => m.available)?.id ?? null;
  }

  /** Forget cached lists and providers (after an admin changed connections). */
  invalidate(): void {
    this.epoch++;
    this.cached = null;
    this.connectionsCache = null;
    this.inflight = null;
    this.providers.clear();
  }

  private async load(): Promise<ModelsReply> {
    const connections = await this.connections();
    const timeoutMs = Math.min(MAX_LIST_TIMEOUT_MS, this.deps.config.modelConnectTimeoutMs);
    const listings = await Promise.all(connections.map((c) => this.listOne(c, timeoutMs)));
    const anyReachable = listings.some((l) => 'models' in l);
    const probed = new Set(probeTargets(this.deps.config).map((p) => p.id));

    const items: Model[] = [];
    const servers: ModelServerState[] = [];
    for (const listing of listings) {
      const c = listing.connection;
      const state = { connectionId: c.id, name: c.name, provider: c.provider, baseUrl: displayUrl(c.baseUrl) };
      if ('models' in listing) {
        const models = listing.models.map((m) => toModel(c, m, true, this.modelSettings));
        this.lastSeen.set(c.id, models);
        items.push(...models);
        servers.push({ ...state, reachable: true, modelCount: models.length });
        continue;
      }
      const previous = this.lastSeen.get(c.id);
      // A default port nobody runs a server on is not news, unless nothing answers at all.
      if (probed.has(c.id) && !previous && anyReachable) continue;
      items.push(...(previous ?? []).map((m) => ({ ...m, available: false })));
      servers.push({ ...state, reachable: false, error: listing.error, modelCount: 0 });
    }
    return { items, servers };
  }

  private async listOne(connection: ConnectionInfo, timeoutMs: number): Promise<Listing> {
    const { log } = this.deps;
    try {
      const models = await this.providerFor(connection).listModels(AbortSignal.timeout(timeoutMs));
      if (this.reachable.get(connection.id) === false)
        log.info({ connectionId: connection.id }, 'model server reachable again');
      this.reachable.set(connection.id, true);
      return { connection, models };
    } catch (err) {
      const error =
        err instanceof ModelServerError
          ? err.message
          : `Could not list the models of ${connection.name} at ${displayUrl(connection.baseUrl)}.`;
      if (this.reachable.get(connection.id) !== false) {
        if (err instanceof ModelServerError) log.warn({ connectionId: connection.id, failure: err.failure }, error);
        else log.error({ connectionId: connection.id, err }, 'listing models failed unexpectedly');
      }
      this.reachable.set(connection.id, false);
      return { connection, error };
    }
  }
}

function toModel(
  c: ConnectionInfo,
  m: ProviderModel,
  available: boolean,
  settings: ReadonlyMap<string, ModelSettings>,
): Model {
  const id = `${c.id}/${m.name}`;
  const own = settings.get(id);
  return {
    id,
    name: own?.displayName ?? m.name,
    ...(own?.displayName ? { serverName: m.name } : {}),
    ...(own?.hidden ? { hidden: true } : {}),
    connectionId: c.id,
    connectionName: c.name,
    provider: c.provider,
    ...(m.contextLength ? { contextLength: m.contextLength } : {}),
    available,
  };
}
