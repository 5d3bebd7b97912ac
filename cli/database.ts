/** Opens the database the server uses (same variables, same migrations) for one command. */
import { loadConfig, type Config } from '#server/config';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { createMemoryBus, type EventBus } from '#server/realtime/bus';

/**
 * Runs `fn` with the migrated database, closing it afterwards. Its bus is this command's own:
 * the domain events the services publish reach nobody (a running server does not hear them).
 */
export async function withDatabase<T>(
  env: Record<string, string | undefined>,
  fn: (deps: { db: Db; config: Config; bus: EventBus }) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    return await fn({ db, config, bus: createMemoryBus() });
  } finally {
    await db.destroy();
  }
}
