/**
 * The services one Hearth process runs, built once at start by createContext (services.ts, from
 * main.ts or a test) and handed to every feature's routes. Features reach each other through
 * these objects, never through tables, and nothing a request needs lives in a module-level
 * singleton: a test can pass its own instance of any of them (createContext's options).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Config } from './config';
import type { Db } from './db/database';
import type { EventBus } from './realtime/bus';
import type { SocketHub } from './realtime/hub';
import type { PresenceStore } from './realtime/presence';
import type { ModelRegistry } from './providers/registry';
import type { GenerationManager } from './generation/manager';
import type { WriteQueue } from './generation/writer';
import type { ActiveApiRequests } from './gateway/active';
import type { SearchIndex } from './conversations/search';
import type { ContextMarkers } from './conversations/context-marker';
import type { TitleJobs } from './conversations/titles';
import type { LoginThrottle } from './auth/throttle';
import type { SetupTokenSlot } from './auth/setup';
import type { ProxyCheck } from './security/proxy-check';
import type { MusicLibrary } from './tasks/music/library';

export type AppContext = {
  config: Config;
  db: Db;
  /** Client events by channel, and the domain events (realtime/domain-events.ts). */
  bus: EventBus;
  models: ModelRegistry;
  /** The replies this process runs. */
  generations: GenerationManager;
  /** Write-behind for streamed replies (their rows, text, final state and usage). */
  writes: WriteQueue;
  /** This process's WebSockets. */
  sockets: SocketHub;
  /** Who is online, away or offline (people chat). */
  presence: PresenceStore;
  /** This process's running /v1 completions. */
  apiRequests: ActiveApiRequests;
  /** Conversation full-text search. */
  search: SearchIndex;
  /** What the model saw of each recent reply (the conversation view's context marker). */
  contextMarkers: ContextMarkers;
  /** Generated titles being written in the background. */
  titles: TitleJobs;
  /** Failed sign-ins, per username and address. */
  loginThrottle: LoginThrottle;
  /** The one-time setup link's token. */
  setup: SetupTokenSlot;
  /** Whether a reverse proxy was seen that HEARTH_TRUST_PROXY does not name. */
  proxyCheck: ProxyCheck;
  /** Where the request rate limits count (undefined: in this process's memory). */
  rateLimitStore: FastifyRateLimitStoreCtor | undefined;
  /** The household's music catalogue, its query process and its scans (closed with the app). */
  music: MusicLibrary;
  log: FastifyBaseLogger;
};

/** Options every feature route plugin receives. */
export type RouteOptions = { ctx: AppContext };
