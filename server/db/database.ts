/**
 * Opens the database (SQLite file in the data dir by default) and runs migrations.
 * Feature stores receive the `Db` and are the only code that queries their tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely';
import type { Database } from './schema';
import { migrations } from './migrations/index';
import { Checkpointer } from './checkpointer';

export type Db = Kysely<Database>;

/** Where and how to open the database. */
export type DatabaseOptions = { dataDir: string; databaseUrl?: string | undefined };

const staticMigrations: MigrationProvider = { getMigrations: async () => migrations };

/** Opens SQLite (WAL, foreign keys on) at `<dataDir>/hearth.sqlite`. */
export function openDatabase(options: DatabaseOptions): Db {
  if (options.databaseUrl) {
    throw new Error('PostgreSQL support (HEARTH_DATABASE_URL) is not built yet; unset it to use SQLite.');
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'hearth.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints run on a worker thread (checkpointer.ts), not inside one of our commits; should
  // the worker fail, SQLite's own (in-commit, at 1,000 pages) takes over again.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = new Checkpointer(file, () => {
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, () => checkpointer.stop()) }),
    plugins: [new CamelCasePlugin()],
  });
  return db;
}

/** How many distinct prepared statements are kept (the app has a few hundred queries at most). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query's SQL anew; preparing costs more than running most of ours. Same
 * SQL text, same statement: keep them. Safe because Kysely's SQLite driver runs one query at a
 * time on its single connection, and `all`/`run` finish synchronously.
 */
function withStatementCache(sqlite: SQLite.Database, beforeClose: () => void): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      beforeClose();
      statements.clear();
      sqlite.close();
    },
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrations });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Current time as stored in the database. */
export const nowIso = (): string => new Date().toISOString();
