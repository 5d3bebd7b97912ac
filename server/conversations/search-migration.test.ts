/**
 * Migration 0005 on a database that already holds conversations: it indexes what is there
 * (messages, named titles; not streaming replies, not the default title), per owner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { migrations } from '#server/db/migrations/index';
import { createSearchIndex, searchConversations } from './search';

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
});

it('indexes the existing messages and titles when it runs', async () => {
  db = openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-search-migration-')) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const before = Object.keys(migrations)
    .filter((name) => name < '0005')
    .sort()
    .at(-1)!;
  const result = await migrator.migrateTo(before);
  expect(result.error).toBeUndefined();

  const now = new Date().toISOString();
  for (const user of ['anna', 'ben']) {
    await sql`INSERT INTO users (id, username, display_name, role, created_at, updated_at)
      VALUES (${user}, ${user}, ${user}, 'member', ${now}, ${now})`.execute(db);
  }
  const conversation = (id: string, user: string, title: string, byUser: number) =>
    sql`INSERT INTO conversations (id, user_id, title, title_by_user, created_at, updated_at)
      VALUES (${id}, ${user}, ${title}, ${byUser}, ${now}, ${now})`.execute(db!);
  const message = (id: string, conv: string, content: string, status = 'complete') =>
    sql`INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
      VALUES (${id}, ${conv}, 'user', ${content}, ${status}, ${now}, ${now})`.execute(db!);
  await conversation('c1', 'anna', 'Bread baking', 1);
  await conversation('c2', 'anna', 'New chat', 0);
  await conversation('c3', 'ben', 'Sourdough for ben', 1);
  await message('m1', 'c1', 'How long should sourdough rise?');
  await message('m2', 'c2', 'A reply still being written about sourdough', 'streaming');
  await message('m3', 'c3', 'Sourdough starter feeding');

  await migrateToLatest(db);
  const found = async (user: string, q: string) =>
    (await searchConversations(db!, user, q, { limit: 10 }, createSearchIndex(db!))).items.map((c) => [
      c.id,
      c.matchMessageId ?? null,
    ]);
  expect(await found('anna', 'sourdough')).toEqual([['c1', 'm1']]);
  expect(await found('anna', 'bread')).toEqual([['c1', null]]);
  expect(await found('anna', 'new chat')).toEqual([]);
  expect(await found('ben', 'sourdough')).toEqual([['c3', 'm3']]);

  // And the triggers take over from there: the streaming reply is indexed once it is done.
  await sql`UPDATE messages SET status = 'complete' WHERE id = 'm2'`.execute(db);
  expect(await found('anna', 'written')).toEqual([['c2', 'm2']]);
});
