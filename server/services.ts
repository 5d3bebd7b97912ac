/**
 * Creates the services of one process (see AppContext). main.ts and the test helpers both use
 * this, so tests run the same wiring as production.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Db } from './db/database';
import type { AppContext } from './context';
import { createMemoryBus, type EventBus } from './realtime/bus';
import { ModelRegistry } from './providers/registry';
import { GenerationManager } from './generation/manager';

export type ServiceDeps = { config: Config; db: Db; log: FastifyBaseLogger; bus?: EventBus };

/** Wires the services together. */
export function createContext(deps: ServiceDeps): AppContext {
  const bus = deps.bus ?? createMemoryBus((err) => deps.log.error({ err }, 'event handler failed'));
  const models = new ModelRegistry({ config: deps.config, db: deps.db, log: deps.log });
  const generations = new GenerationManager({ db: deps.db, bus, models, log: deps.log, config: deps.config });
  return { config: deps.config, db: deps.db, log: deps.log, bus, models, generations };
}
