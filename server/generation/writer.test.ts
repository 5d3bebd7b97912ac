import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '#server/db/database';
import { WriteQueue, type Write } from './writer';

const silent = () => {};
let db: Db;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-writer-'));
  db = openDatabase({ dataDir: dir });
  await sql`create table notes (k text primary key, v text not null)`.execute(db);
});
beforeEach(async () => {
  await sql`delete from notes`.execute(db);
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A write that adds a row (fails on a duplicate key). */
const note =
  (k: string, v = k): Write =>
  async (trx) => {
    await sql`insert into notes (k, v) values (${k}, ${v})`.execute(trx);
  };
const keys = async () => (await sql<{ k: string }>`select k from notes order by k`.execute(db)).rows.map((r) => r.k);

describe('WriteQueue', () => {
  it('runs writes in order, one at a time, and a newer write for a key replaces a queued one', async () => {
    const queue = new WriteQueue(db, silent);
    const ran: string[] = [];
    const write =
      (name: string): Write =>
      async () => {
        ran.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 1));
        ran.push(`end ${name}`);
      };
    const a1 = queue.enqueue('a', write('a1'));
    const b = queue.enqueue('b', write('b'));
    const a2 = queue.enqueue('a', write('a2')); // replaces a1 before it ran; keeps a's place
    await Promise.all([a1, b, a2]);
    expect(ran).toEqual(['start a2', 'end a2', 'start b', 'end b']);
  });

  it('runs a slice in one transaction, handed to each write', async () => {
    const queue = new WriteQueue(db, silent);
    const inTransaction: boolean[] = [];
    const writes = ['x', 'y', 'z'].map((k) =>
      queue.enqueue(k, async (trx) => {
        inTransaction.push(trx.isTransaction);
        await note(k)(trx);
      }),
    );
    await Promise.all(writes);
    expect(inTransaction).toEqual([true, true, true]);
    expect(await keys()).toEqual(['x', 'y', 'z']);
  });

  it('a failed write fails alone: the rest of its slice is still saved, and its waiter hears why', async () => {
    const errors: unknown[] = [];
    const queue = new WriteQueue(db, (err) => errors.push(err));
    await note('taken')(db);
    const first = queue.enqueue('a', note('a'));
    const duplicate = expect(queue.write('dup', note('taken', 'again'))).rejects.toThrow(/UNIQUE/);
    const last = queue.enqueue('b', note('b'));
    await Promise.all([first, duplicate, last]);
    expect(await keys()).toEqual(['a', 'b', 'taken']);
    expect(errors).toHaveLength(0); // rejected to its caller, not logged as well
  });

  it('keeps going after a failed quiet write, logs it and resolves its waiters', async () => {
    const errors: unknown[] = [];
    const queue = new WriteQueue(db, (err) => errors.push(err));
    const failed = queue.enqueue('x', async () => {
      throw new Error('disk full');
    });
    const next = queue.enqueue('y', note('y'));
    await Promise.all([failed, next]);
    expect(await keys()).toEqual(['y']);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
  });

  it('lets I/O run between slices of a long batch', async () => {
    const queue = new WriteQueue(db, silent);
    let timerFiredAfter = -1;
    let done = 0;
    const busy = () => {
      const until = performance.now() + 2; // each write holds the loop for 2 ms
      while (performance.now() < until);
    };
    const writes = Array.from({ length: 20 }, (_, i) => queue.enqueue(`k${i}`, async () => (busy(), void done++)));
    setTimeout(() => (timerFiredAfter = done), 0);
    await Promise.all(writes);
    expect(timerFiredAfter).toBeGreaterThanOrEqual(0);
    expect(timerFiredAfter).toBeLessThan(20);
  });
});

describe('WriteQueue on a closed database', () => {
  it('fails each write instead of spinning when no transaction can start', async () => {
    const closedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-writer-closed-'));
    const closed = openDatabase({ dataDir: closedDir });
    await sql`select 1`.execute(closed); // (Kysely connects lazily: a never-used handle reopens)
    await closed.destroy();
    const errors: unknown[] = [];
    const queue = new WriteQueue(closed, (err) => errors.push(err));
    const quiet = queue.enqueue('a', note('a'));
    // The expectation is attached at once: the rejection may come before `quiet` settles.
    const loud = expect(queue.write('b', note('b'))).rejects.toThrow(/destroyed/);
    await Promise.all([quiet, loud]);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
    fs.rmSync(closedDir, { recursive: true, force: true });
  });
});

describe('WriteQueue priorities', () => {
  it('runs writes someone waits on ahead of the queued ones', async () => {
    const queue = new WriteQueue(db, silent);
    const ran: string[] = [];
    const track =
      (name: string): Write =>
      async (trx) => {
        ran.push(name);
        await note(name)(trx);
      };
    const background = [queue.enqueue('p1', track('p1')), queue.enqueue('p2', track('p2'))];
    const rows = queue.write('rows', track('rows'));
    await Promise.all([...background, rows]);
    expect(ran).toEqual(['rows', 'p1', 'p2']);
  });
});
