import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer';
import { openDatabase } from './database';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-checkpoint-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An app-like connection (WAL, never checkpointing itself) that wrote `rows` rows of 4 KB. */
function appConnection(rows: number) {
  const file = path.join(tempDir(), 'db.sqlite');
  const app = new SQLite(file);
  app.pragma('journal_mode = WAL');
  app.pragma('wal_autocheckpoint = 0');
  app.exec('create table t (v text)');
  const insert = app.prepare('insert into t values (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(4000));
  return { file, app };
}

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Checkpointer', () => {
  it('leaves the commits of the app alone: openDatabase turns SQLite’s in-commit checkpoint off', async () => {
    const db = openDatabase({ dataDir: tempDir() });
    const { rows } = await sql<{ walAutocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db);
    await db.destroy();
    expect(rows[0]?.walAutocheckpoint).toBe(0);
  });

  it('copies the log into the database file from a worker once the log passes the threshold', async () => {
    const { file, app } = appConnection(300);
    const before = fs.statSync(file).size;
    const failures: unknown[] = [];
    const checkpointer = new Checkpointer(file, (err) => failures.push(err), { checkMs: 20, startBytes: 64 * 1024 });
    try {
      // The app's connection never checkpoints (autocheckpoint off, no close yet): the database
      // file grows only as the worker copies the log's pages into it.
      await until(() => fs.statSync(file).size > before + 300 * 4000);
      expect(failures).toEqual([]);
    } finally {
      checkpointer.stop();
    }
    app.close();
  });

  it('starts no worker while the log is small', async () => {
    const { file, app } = appConnection(1);
    const before = fs.statSync(file).size;
    const checkpointer = new Checkpointer(file, () => {}, { checkMs: 10, startBytes: 1024 * 1024 });
    await new Promise((r) => setTimeout(r, 100));
    checkpointer.stop();
    expect(fs.statSync(file).size).toBe(before);
    app.close();
  });

  it('hands checkpoints back when the worker cannot run', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'missing.sqlite');
    // A log with no database beside it: the worker's connection (fileMustExist) fails to open.
    fs.writeFileSync(`${file}-wal`, Buffer.alloc(128 * 1024));
    const failures: unknown[] = [];
    const checkpointer = new Checkpointer(file, (err) => failures.push(err), { checkMs: 10, startBytes: 1024 });
    await until(() => failures.length > 0);
    checkpointer.stop();
    expect(failures).toHaveLength(1);
    // An error from the worker arrives as a structured clone: its code survives.
    expect(failures[0]).toMatchObject({ code: 'SQLITE_CANTOPEN' });
  });
});
