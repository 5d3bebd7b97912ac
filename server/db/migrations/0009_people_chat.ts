/**
 * People chat (server/messaging/store.ts owns these tables):
 * - `rooms`: rooms and direct rooms; `last_seq` is the room's sequence, taken (+1) in the same
 *   transaction as every new message, edit, deletion and reaction change. A direct room has a
 *   `direct_key` (its two user ids, sorted) that is unique, so a pair has one direct room.
 * - `room_members`: membership, role, mute and the read marker (`last_read_seq`).
 * - `room_messages`: `seq` (posted) and `updated_seq` (last change) per room; deleted ones stay
 *   as tombstones; `sender_id` becomes NULL when the account is deleted ("former member").
 * - `room_mentions`: who a message mentions, for the mention counts.
 * - `room_reactions`, `uploads`, `room_attachments` (an upload posted in a message).
 * - `people`: per-member people-chat switch (admin) and `last_seen_at`.
 * - Search (SQLite): `room_search_fts`, contentless FTS5 keyed by `room_search_docs.id`, kept by
 *   triggers like conversation search (migration 0005) but written directly: a chat message is
 *   one statement, so there is no import burst to batch.
 */
import { SqliteAdapter, sql, type Kysely } from 'kysely';

const SEARCHABLE = `new.deleted_at IS NULL AND new.text <> '' AND coalesce(new.status, 'complete') <> 'streaming'`;
const dropDoc = (id: string) => `
  DELETE FROM room_search_fts WHERE rowid IN (SELECT id FROM room_search_docs WHERE message_id = ${id});
  DELETE FROM room_search_docs WHERE message_id = ${id};`;
const addDoc = `
  INSERT INTO room_search_docs (message_id, room_id) SELECT new.id, new.room_id WHERE ${SEARCHABLE};
  INSERT INTO room_search_fts (rowid, body)
    SELECT d.id, new.text FROM room_search_docs d WHERE d.message_id = new.id AND ${SEARCHABLE};`;

const TRIGGERS = [
  `CREATE TRIGGER room_search_insert AFTER INSERT ON room_messages BEGIN ${dropDoc('new.id')} ${addDoc} END`,
  `CREATE TRIGGER room_search_update AFTER UPDATE OF text, deleted_at, status ON room_messages
   WHEN old.text IS NOT new.text OR old.deleted_at IS NOT new.deleted_at
     OR (old.status IS 'streaming') <> (new.status IS 'streaming')
   BEGIN ${dropDoc('old.id')} ${addDoc} END`,
  `CREATE TRIGGER room_search_delete AFTER DELETE ON room_messages BEGIN ${dropDoc('old.id')} END`,
];

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('room_members')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_members_pk', ['room_id', 'user_id'])
    .execute();
  await db.schema.createIndex('room_members_user_idx').on('room_members').columns(['user_id', 'room_id']).execute();

  await db.schema
    .createTable('room_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reply_to_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('status', 'text')
    .addColumn('tool_calls', 'text')
    .addColumn('asked_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('room_messages_seq_idx')
    .on('room_messages')
    .columns(['room_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('room_messages_updated_idx')
    .on('room_messages')
    .columns(['room_id', 'updated_seq'])
    .execute();
  // One message per (sender, clientId): a retried send finds the first one.
  await sql`CREATE UNIQUE INDEX room_messages_client_idx ON room_messages (sender_id, client_id)
    WHERE client_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable('room_mentions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('room_messages.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_mentions_pk', ['message_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('room_mentions_user_idx')
    .on('room_mentions')
    .columns(['user_id', 'room_id', 'seq'])
    .execute();

  await db.schema
    .createTable('room_reactions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('room_messages.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_reactions_pk', ['message_id', 'user_id', 'emoji'])
    .execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('room_attachments')
    .addColumn('message_id', 'text', (c) => c.notNull().references('room_messages.id').onDelete('cascade'))
    .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_attachments_pk', ['message_id', 'upload_id'])
    .execute();
  await db.schema.createIndex('room_attachments_upload_idx').on('room_attachments').column('upload_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('chat_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_seen_at', 'text')
    .execute();

  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema
    .createTable('room_search_docs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('room_search_docs_room_idx').on('room_search_docs').columns(['room_id', 'id']).execute();
  await sql`CREATE VIRTUAL TABLE room_search_fts USING fts5(
    body, content='', contentless_delete=1, prefix='2 3', tokenize="unicode61 remove_diacritics 2"
  )`.execute(db);
  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const name of ['room_search_insert', 'room_search_update', 'room_search_delete'])
      await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
    await sql`DROP TABLE IF EXISTS room_search_fts`.execute(db);
    await db.schema.dropTable('room_search_docs').ifExists().execute();
  }
  for (const table of [
    'people',
    'room_attachments',
    'uploads',
    'room_reactions',
    'room_mentions',
    'room_messages',
    'room_members',
    'rooms',
  ])
    await db.schema.dropTable(table).ifExists().execute();
}
