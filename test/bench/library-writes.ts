/**
 * What the search triggers cost a reply's writes, through the store functions the generation
 * uses: saving the exchange (the user's message and the empty, streaming reply), progress
 * flushes while it streams (the triggers skip them), and the final save (indexed then). On a
 * fresh database whose search triggers are dropped (the baseline: the latest schema, so the
 * store's statements fit it, but nothing indexed), a fresh one with them, and the benchmark's
 * big one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Message } from '#common/conversations';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { newId } from '#server/db/ids';
// This bench measures the store's own write functions, below any service, on purpose.
// eslint-disable-next-line no-restricted-imports
import { insertExchange, saveMessageFinal, saveMessageProgress } from '#server/conversations/store';
import { createWriter } from './library-corpus';
import { summarize, type Summary } from './stats';

export type WriteCost = { label: string; insert: Summary; flush: Summary; final: Summary };

const FLUSHES = 5;
const us = (ms: number) => ms * 1000;

/** A fresh database at the latest schema; `withoutSearch`: its search triggers dropped. */
async function freshDatabase(withoutSearch: boolean): Promise<{ db: Db; userId: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-writes-'));
  const db = openDatabase({ dataDir: dir });
  await migrateToLatest(db);
  if (withoutSearch) {
    const triggers = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'`.execute(db);
    if (triggers.rows.length === 0) throw new Error('no search triggers found: the baseline would measure nothing');
    for (const { name } of triggers.rows) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  }
  const userId = newId();
  const now = new Date().toISOString();
  await sql`INSERT INTO users (id, username, display_name, role, created_at, updated_at)
    VALUES (${userId}, ${`bench-${userId}`}, 'Bench', 'member', ${now}, ${now})`.execute(db);
  return { db, userId, dir };
}

async function measure(label: string, db: Db, userId: string, runs: number): Promise<WriteCost> {
  const writer = createWriter(11);
  const conversationId = newId();
  const now = new Date().toISOString();
  await sql`INSERT INTO conversations (id, user_id, title, created_at, updated_at)
    VALUES (${conversationId}, ${userId}, 'Write bench', ${now}, ${now})`.execute(db);
  const insert: number[] = [];
  const flush: number[] = [];
  const final: number[] = [];
  let parentId: string | null = null;
  for (let i = 0; i < runs; i++) {
    const at = new Date().toISOString();
    const user: Message = {
      id: newId(),
      conversationId,
      parentId,
      role: 'user',
      content: writer.message('user'),
      status: 'complete',
      createdAt: at,
      updatedAt: at,
    };
    const reply: Message = {
      id: newId(),
      conversationId,
      parentId: user.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      model: 'bench/model',
      createdAt: at,
      updatedAt: at,
    };
    let t = performance.now();
    await insertExchange(db, {
      user,
      assistant: reply,
      conversationId,
      change: { activeLeafId: reply.id, updatedAt: at },
    });
    insert.push(us(performance.now() - t));
    let content = '';
    for (let f = 0; f < FLUSHES; f++) {
      content += (content ? ' ' : '') + writer.text(70);
      t = performance.now();
      await saveMessageProgress(db, reply.id, {
        content,
        reasoning: null,
        toolCalls: undefined,
        updatedAt: new Date().toISOString(),
      });
      flush.push(us(performance.now() - t));
    }
    t = performance.now();
    await saveMessageFinal(db, reply.id, {
      content,
      reasoning: null,
      status: 'complete',
      error: null,
      updatedAt: new Date().toISOString(),
    });
    final.push(us(performance.now() - t));
    parentId = reply.id;
  }
  return { label, insert: summarize(insert), flush: summarize(flush), final: summarize(final) };
}

/** The three databases' costs; `big` is the benchmark's own database and one of its users. */
export async function measureWrites(runs: number, big: { db: Db; userId: string }): Promise<WriteCost[]> {
  const results: WriteCost[] = [];
  for (const [label, withoutSearch] of [
    ['baseline: fresh, search triggers dropped', true],
    ['fresh, with search', false],
  ] as const) {
    const fresh = await freshDatabase(withoutSearch);
    try {
      await measure(label, fresh.db, fresh.userId, 20); // warm-up
      results.push(await measure(label, fresh.db, fresh.userId, runs));
    } finally {
      await fresh.db.destroy();
      fs.rmSync(fresh.dir, { recursive: true, force: true });
    }
  }
  results.push(await measure('the benchmark database, with search', big.db, big.userId, runs));
  return results;
}
