import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database';
import { cachedRead, writtenTables } from './read-cache';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-read-cache-'));
  db = openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  await sql`create table notes (k text primary key, v text not null)`.execute(db);
  await sql`insert into notes (k, v) values ('a', 'one')`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Reads note `k` through the cache, counting the reads that reached the database. */
function reader() {
  const counter = { loads: 0 };
  const read = (k = 'a') =>
    cachedRead(db, 'notes', ['notes'], k, async () => {
      counter.loads++;
      const { rows } = await sql<{ v: string }>`select v from notes where k = ${k}`.execute(db);
      return rows[0] ? { v: rows[0].v } : null;
    });
  return { read, counter };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('cachedRead', () => {
  it('answers a repeated read from memory', async () => {
    const { read, counter } = reader();
    expect(await read()).toEqual({ v: 'one' });
    expect(await read()).toEqual({ v: 'one' });
    expect(counter.loads).toBe(1);
  });

  it('reads again after this process writes the table, by any query builder route', async () => {
    const { read, counter } = reader();
    await read();
    await db.updateTable('notes' as never).set({ v: 'two' } as never).execute();
    expect(await read()).toEqual({ v: 'two' });
    await sql`update notes set v = 'three'`.execute(db);
    expect(await read()).toEqual({ v: 'three' });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('notes' as never).execute();
    });
    expect(await read()).toBeNull();
    expect(counter.loads).toBe(4);
  });

  it('knows tables by their SQL names, as CamelCasePlugin writes them', async () => {
    let loads = 0;
    const read = () => cachedRead(db, 'permissions', ['user_permissions'], 'u', async () => ++loads);
    await read();
    await db.deleteFrom('userPermissions').where('userId', '=', 'nobody').execute();
    await read();
    expect(loads).toBe(2);
  });

  it('keeps what it has when another table is written', async () => {
    const { read, counter } = reader();
    await read();
    await sql`create table other (x integer)`.execute(db); // DDL: unknown tables, drops everything
    await read();
    await db.insertInto('other' as never).values({ x: 1 }).execute();
    await read();
    expect(counter.loads).toBe(2);
  });

  it('reads again after another process commits (the hearth command)', async () => {
    const { read, counter } = reader();
    await read();
    const other = new SQLite(path.join(dir, 'hearth.sqlite'));
    other.prepare(`update notes set v = 'from the cli'`).run();
    other.close();
    await tick(); // the other-writers check runs at most once a millisecond
    expect(await read()).toEqual({ v: 'from the cli' });
    expect(counter.loads).toBe(2);
  });

  it('does not keep a value when its table is written while it loads', async () => {
    let loads = 0;
    const slowRead = () =>
      cachedRead(db, 'notes', ['notes'], 'a', async () => {
        loads++;
        const { rows } = await sql<{ v: string }>`select v from notes where k = 'a'`.execute(db);
        await tick();
        return rows[0]!.v;
      });
    const first = slowRead();
    await new Promise((resolve) => setImmediate(resolve));
    await sql`update notes set v = 'newer'`.execute(db);
    expect(await first).toBe('one'); // read before the write: right for that caller
    expect(await slowRead()).toBe('newer'); // but not kept for the next one
    expect(loads).toBe(2);
  });

  it('hands out frozen values, so no caller changes what the next one gets', async () => {
    const { read } = reader();
    const value = await read();
    const again = await read();
    expect(Object.isFrozen(again)).toBe(true);
    expect(() => {
      (value as { v: string }).v = 'changed';
    }).toThrow(TypeError);
  });

  it('reads straight through on a handle it does not know (a transaction)', async () => {
    let loads = 0;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 2; i++) await cachedRead(trx, 'notes', ['notes'], 'a', async () => ++loads);
    });
    expect(loads).toBe(2);
  });
});

describe('writtenTables', () => {
  const compile = (q: { toOperationNode(): unknown }) => q.toOperationNode() as Parameters<typeof writtenTables>[0];

  it('names the tables of inserts, updates and deletes, and none for selects', () => {
    expect(writtenTables(compile(db.insertInto('sessions').values({} as never)))).toEqual(new Set(['sessions']));
    expect(writtenTables(compile(db.updateTable('users').set({ role: 'admin' }).where('id', '=', 'x')))).toEqual(new Set(['users']));
    expect(writtenTables(compile(db.deleteFrom('tasks').where('id', 'in', db.selectFrom('users').select('id'))))).toEqual(new Set(['tasks', 'users']));
    expect(writtenTables(compile(db.selectFrom('users').selectAll()))).toEqual(new Set());
  });

  it('cannot tell for raw statements other than selects', () => {
    expect(writtenTables(compile(sql`select 1`))).toEqual(new Set());
    expect(writtenTables(compile(sql`delete from users`))).toBeNull();
    expect(writtenTables(compile(db.schema.createTable('x').addColumn('a', 'text')))).toBeNull();
  });
});
