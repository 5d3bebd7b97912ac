import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database';
import { prepareQuery } from './prepared';

/** A table of our own, with a snake_case column to see the camelCase plugin at work. */
type PetsDb = Kysely<{ pets: { id: string; petName: string; nickname: string | null } }>;
const pets = (db: Db) => db as unknown as PetsDb;

let dirs: string[] = [];
let db: Db;

async function newDatabase(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-prepared-'));
  dirs.push(dir);
  const handle = openDatabase({ dataDir: dir });
  await migrateToLatest(handle);
  await sql`create table pets (id text primary key, pet_name text not null, nickname text)`.execute(handle);
  await sql`insert into pets (id, pet_name) values ('1', 'Rex'), ('2', 'Tom')`.execute(handle);
  return handle;
}

beforeEach(async () => {
  db = await newDatabase();
});
afterEach(async () => {
  await db.destroy();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A prepared read that counts how often its builder ran. */
function petById() {
  const built = { count: 0 };
  const query = prepareQuery<{ id: string }, { id: string; petName: string; nickname: string | null }>((d, p) => {
    built.count++;
    return pets(d).selectFrom('pets').selectAll().where('id', '=', p.id);
  });
  return { query, built };
}

const renamePet = prepareQuery<{ id: string; petName: string; nickname: string | null }, never>((d, p) =>
  pets(d).updateTable('pets').set({ petName: p.petName, nickname: p.nickname }).where('id', '=', p.id),
);

describe('prepareQuery', () => {
  it('builds once per database and runs with each call’s values, rows in camelCase', async () => {
    const { query, built } = petById();
    expect(await query.first(db, { id: '1' })).toEqual({ id: '1', petName: 'Rex', nickname: null });
    expect(await query.first(db, { id: '2' })).toEqual({ id: '2', petName: 'Tom', nickname: null });
    expect(await query.first(db, { id: 'none' })).toBeUndefined();
    expect(await query.rows(db, { id: '1' })).toHaveLength(1);
    expect(built.count).toBe(1);

    // A transaction shares its database's compiled query; another database compiles its own.
    await db.transaction().execute(async (trx) => {
      expect(await query.first(trx, { id: '2' })).toMatchObject({ petName: 'Tom' });
    });
    expect(built.count).toBe(1);
    const other = await newDatabase();
    try {
      expect(await query.first(other, { id: '1' })).toMatchObject({ petName: 'Rex' });
      expect(built.count).toBe(2);
    } finally {
      await other.destroy();
    }
  });

  it('writes with and without null values, on the handle and in a transaction', async () => {
    await renamePet.run(db, { id: '1', petName: 'Rexy', nickname: 'R' });
    expect(await petById().query.first(db, { id: '1' })).toEqual({ id: '1', petName: 'Rexy', nickname: 'R' });
    await db.transaction().execute(async (trx) => {
      await renamePet.run(trx, { id: '1', petName: 'Max', nickname: null });
    });
    expect(await petById().query.first(db, { id: '1' })).toEqual({ id: '1', petName: 'Max', nickname: null });
  });

  it('refuses a run that leaves a value out, naming it, and writes nothing', async () => {
    await expect(renamePet.run(db, { id: '1', petName: 'Ghost' } as never)).rejects.toThrow(/no value for "nickname"/);
    expect(await petById().query.first(db, { id: '1' })).toMatchObject({ petName: 'Rex' });
  });

  it('refuses a builder that uses none of its slots (it would run the first values forever)', async () => {
    const spread = prepareQuery<{ id: string }, never>((d, p) =>
      pets(d)
        .selectFrom('pets')
        .selectAll()
        .where('id', '=', { ...p }.id ?? '1'),
    );
    await expect(spread.run(db, { id: '2' })).rejects.toThrow(/uses none of its slots/);
  });
});
