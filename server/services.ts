/**
 * Creates the services of one process (see AppContext). main.ts and the test helpers both use
 * this, so tests run the same wiring as production. Each service that reacts to domain events
 * subscribes to the bus where it is built here (in its constructor), so nothing is wired twice.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Db } from './db/database';
import type { AppContext } from './context';
import { createMemoryBus, type EventBus } from './realtime/bus';
import { SocketHub } from './realtime/hub';
import { ProxyCheck } from './security/proxy-check';
import { MemoryPresenceStore } from './realtime/presence';
import { ModelRegistry } from './providers/registry';
import { GenerationManager } from './generation/manager';
import { WriteQueue } from './generation/writer';
import { ActiveApiRequests } from './gateway/active';
import { createSearchIndex } from './conversations/search';
import { ContextMarkers } from './conversations/context-marker';
import { TitleJobs } from './conversations/titles';
import { LoginThrottle } from './auth/throttle';
import { interruptLeftoverReplies } from './conversations/generation-sink';
import { MusicLibrary } from './tasks/music/library';
import { stopLeftoverRoomReplies } from './messaging/assistant-sink';

/** What each kind of reply does at start about those a previous process left `streaming`. */
const RECOVERIES = [interruptLeftoverReplies, stopLeftoverRoomReplies];

/** Services a caller (a test) may bring instead of the ones built here. */
export type ServiceOverrides = Partial<Omit<AppContext, 'config' | 'db' | 'log'>>;

export type ServiceDeps = { config: Config; db: Db; log: FastifyBaseLogger } & ServiceOverrides;

/** Wires the services together; any given in `deps` is used as it is. */
export function createContext(deps: ServiceDeps): AppContext {
  const { config, db, log } = deps;
  const bus: EventBus = deps.bus ?? createMemoryBus((err) => log.error({ err }, 'event handler failed'));
  const models = deps.models ?? new ModelRegistry({ config, db, log });
  const presence = deps.presence ?? new MemoryPresenceStore();
  const writes = deps.writes ?? new WriteQueue(db, (err) => log.error({ err }, 'saving a reply failed'));
  return {
    config,
    db,
    log,
    bus,
    models,
    writes,
    generations:
      deps.generations ??
      new GenerationManager({ db, bus, models, log, config, writer: writes, recoveries: RECOVERIES }),
    presence,
    sockets: deps.sockets ?? new SocketHub(bus, log, config.maxSocketsPerUser, presence),
    apiRequests: deps.apiRequests ?? new ActiveApiRequests(bus),
    search: deps.search ?? createSearchIndex(db),
    contextMarkers: deps.contextMarkers ?? new ContextMarkers(),
    titles: deps.titles ?? new TitleJobs(),
    loginThrottle: deps.loginThrottle ?? new LoginThrottle(),
    proxyCheck: deps.proxyCheck ?? new ProxyCheck(config.trustProxy, log),
    setup: deps.setup ?? { hash: null },
    rateLimitStore: deps.rateLimitStore,
    music:
      deps.music ??
      new MusicLibrary({ dataDir: config.dataDir, bus, onError: (err) => log.error({ err }, 'a music scan failed') }),
  };
}
