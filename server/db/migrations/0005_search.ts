/**
 * Search, pin and archive: `conversations.archived`, the list index (pinned first, newest first)
 * and, on SQLite, the full-text index.
 *
 * Full text (SQLite FTS5), in three parts:
 * - `search_docs` maps each indexed thing — a message's text, or a named conversation's title —
 *   to an integer id, the rowid of `search_fts`. Each user owns a block of 2^32 ids, from
 *   (`search_owners.num` + 1) × 2^32 counting DOWN with `last_doc` (never reused), so a search
 *   reads only its owner's block straight from the index (a rowid range), and newer means
 *   lower: FTS5 walks a word's list forwards lazily, but backwards only after reading it all.
 * - `search_fts`: contentless (the text lives only in `messages` / `conversations`) with
 *   `contentless_delete=1`, and prefix indexes for 2 and 3 characters so short prefixes
 *   (`ca*`, `the*`) read one list instead of merging thousands of words.
 * - `search_queue`: triggers keep `search_docs` exact on every insert, edit and delete,
 *   whichever feature writes the row (sending, branches, import, the cascade of a deleted user),
 *   and queue the document for `search_fts`. The search module applies the queue in one
 *   statement per kind before it searches (search-fts5.ts), so results always include every
 *   write, while writes stay cheap: FTS5 writes a new index segment per statement it is given,
 *   which inside a trigger costs ~0.3 ms per message and ~5 ms in a 10,000-message import.
 * A reply is queued once it stops streaming: its progress flushes never touch the index.
 *
 * PostgreSQL gets its tsvector implementation (and its own migration) with PostgreSQL support;
 * until then the search module falls back to a LIKE scan there.
 */
import { SqliteAdapter, sql, type Kysely } from 'kysely';

/** Ids per user: a block of 2^32 (ids stay below 2^53, exact in JavaScript, up to 2^21 users). */
const SEARCH_BLOCK = 4294967296;

/** Whether a conversation's title is worth indexing: not the untouched default "New chat". */
const TITLED = (row: 'new' | 'c') => `NOT (${row}.title_by_user = 0 AND ${row}.title = 'New chat')`;

/** Queues the removal of the documents `where` selects, and forgets them. */
const dropDocs = (where: string) => `
  INSERT INTO search_queue (doc_id, op) SELECT id, 0 FROM search_docs WHERE ${where};
  DELETE FROM search_docs WHERE ${where};`;

/** Gives the owner `owner` (an SQL expression) the next id of its block: a new document of `conversation` / `message`. */
const newDoc = (owner: string, conversation: string, message: string, when: string) => `
  INSERT OR IGNORE INTO search_owners (user_id) SELECT ${owner} WHERE ${when};
  UPDATE search_owners SET last_doc = last_doc + 1 WHERE user_id = ${owner} AND ${when};
  INSERT INTO search_docs (id, user_id, conversation_id, message_id)
    SELECT (o.num + 1) * ${SEARCH_BLOCK} - o.last_doc, o.user_id, ${conversation}, ${message}
    FROM search_owners o WHERE o.user_id = ${owner} AND ${when};`;

/** `new` holds final, non-empty text (a streaming reply waits for its end). */
const MESSAGE_INDEXED = `new.status <> 'streaming' AND new.content <> ''`;
const OWNER_OF_NEW = '(SELECT c.user_id FROM conversations c WHERE c.id = new.conversation_id)';

const addMessageDoc = `${newDoc(OWNER_OF_NEW, 'new.conversation_id', 'new.id', MESSAGE_INDEXED)}
  INSERT INTO search_queue (doc_id, op) SELECT id, 1 FROM search_docs WHERE message_id = new.id;`;

const addTitleDoc = `${newDoc('new.user_id', 'new.id', 'NULL', TITLED('new'))}
  INSERT INTO search_queue (doc_id, op) SELECT id, 1 FROM search_docs WHERE conversation_id = new.id AND message_id IS NULL;`;

const TRIGGERS = [
  // Drop first: an INSERT OR REPLACE of a message must not leave its old text behind.
  `CREATE TRIGGER search_message_insert AFTER INSERT ON messages BEGIN ${dropDocs('message_id = new.id')} ${addMessageDoc} END`,
  // Streaming → streaming (a progress flush) is skipped by the WHEN: the index sees final text only.
  `CREATE TRIGGER search_message_update AFTER UPDATE OF content, status ON messages
   WHEN (old.status = 'streaming') <> (new.status = 'streaming')
     OR (new.status <> 'streaming' AND old.content IS NOT new.content)
   BEGIN ${dropDocs('message_id = old.id')} ${addMessageDoc} END`,
  `CREATE TRIGGER search_message_delete AFTER DELETE ON messages BEGIN ${dropDocs('message_id = old.id')} END`,
  `CREATE TRIGGER search_title_insert AFTER INSERT ON conversations
   BEGIN ${dropDocs('conversation_id = new.id AND message_id IS NULL')} ${addTitleDoc} END`,
  `CREATE TRIGGER search_title_update AFTER UPDATE OF title, title_by_user ON conversations
   WHEN old.title IS NOT new.title OR old.title_by_user IS NOT new.title_by_user
   BEGIN ${dropDocs('conversation_id = old.id AND message_id IS NULL')} ${addTitleDoc} END`,
  // Its messages' own triggers drop their documents; this catches the title and any leftover.
  `CREATE TRIGGER search_conversation_delete AFTER DELETE ON conversations BEGIN ${dropDocs('conversation_id = old.id')} END`,
];

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The list: one user's conversations, archived apart, pinned first, then newest first.
  await db.schema
    .createIndex('conversations_list_idx')
    .on('conversations')
    .columns(['user_id', 'archived', 'pinned', 'updated_at', 'id'])
    .execute();

  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;

  await db.schema
    .createTable('search_owners')
    .addColumn('num', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('last_doc', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // INTEGER PRIMARY KEY: the FTS rowid, kept by VACUUM (the implicit rowid of `messages` is not).
  await db.schema
    .createTable('search_docs')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .execute();
  await db.schema.createIndex('search_docs_message_idx').on('search_docs').column('message_id').unique().execute();
  // Both columns: "this conversation's title document" (message_id IS NULL) must not send the
  // planner through the message_id index, where every title document of every user is NULL.
  await db.schema
    .createIndex('search_docs_conversation_idx')
    .on('search_docs')
    .columns(['conversation_id', 'message_id'])
    .execute();
  await db.schema
    .createTable('search_queue')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    // 1: add the document, 0: drop it.
    .addColumn('op', 'integer', (c) => c.notNull())
    .execute();
  // remove_diacritics 2: "cafe" finds "café" and the other way round, in every Latin script.
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content='', contentless_delete=1, prefix='2 3', tokenize="unicode61 remove_diacritics 2"
  )`.execute(db);

  // Index what is already there, straight into the index; ids follow creation (message and
  // conversation ids are time-ordered), newest lowest.
  await sql`INSERT INTO search_owners (user_id) SELECT DISTINCT user_id FROM conversations ORDER BY user_id`.execute(
    db,
  );
  await sql`INSERT INTO search_docs (id, user_id, conversation_id, message_id)
    SELECT (o.num + 1) * ${sql.lit(SEARCH_BLOCK)} - row_number() OVER (PARTITION BY x.user_id ORDER BY x.created),
      x.user_id, x.conversation_id, x.message_id
    FROM (
      SELECT c.user_id, m.conversation_id, m.id AS message_id, m.id AS created
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.status <> 'streaming' AND m.content <> ''
      UNION ALL
      SELECT c.user_id, c.id, NULL, c.id FROM conversations c WHERE ${sql.raw(TITLED('c'))}
    ) x JOIN search_owners o ON o.user_id = x.user_id`.execute(db);
  await sql`UPDATE search_owners SET last_doc = (num + 1) * ${sql.lit(SEARCH_BLOCK)} - coalesce((SELECT d.id FROM search_docs d
    WHERE d.id >= num * ${sql.lit(SEARCH_BLOCK)} AND d.id < (num + 1) * ${sql.lit(SEARCH_BLOCK)} ORDER BY d.id LIMIT 1),
    (num + 1) * ${sql.lit(SEARCH_BLOCK)})`.execute(db);
  await sql`INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, c.title, m.content FROM search_docs d
    LEFT JOIN messages m ON m.id = d.message_id
    LEFT JOIN conversations c ON c.id = d.conversation_id AND d.message_id IS NULL
    ORDER BY d.id`.execute(db);

  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const name of [
      'search_message_insert',
      'search_message_update',
      'search_message_delete',
      'search_title_insert',
      'search_title_update',
      'search_conversation_delete',
    ]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
    }
    await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
    for (const table of ['search_queue', 'search_docs', 'search_owners'])
      await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex('conversations_list_idx').ifExists().execute();
  await db.schema.alterTable('conversations').dropColumn('archived').execute();
}
