/** Opens the database the server uses (same variables, same migrations) for one command. */
import { loadConfig, type Config } from '#server/config';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';

/** Runs `fn` with the migrated database, closing it afterwards. */
export async function withDatabase<T>(
  env: Record<string, string | undefined>,
  fn: (deps: { db: Db; config: Config }) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    return await fn({ db, config });
  } finally {
    await db.destroy();
  }
}
