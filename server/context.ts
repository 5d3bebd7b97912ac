/**
 * The services one Hearth process runs, built once in main.ts (or a test) and handed to every
 * feature's routes. Features reach each other through these objects, never through tables.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Db } from './db/database';
import type { EventBus } from './realtime/bus';
import type { ModelRegistry } from './providers/registry';
import type { GenerationManager } from './generation/manager';

export type AppContext = {
  config: Config;
  db: Db;
  bus: EventBus;
  models: ModelRegistry;
  generations: GenerationManager;
  log: FastifyBaseLogger;
};

/** Options every feature route plugin receives. */
export type RouteOptions = { ctx: AppContext };
