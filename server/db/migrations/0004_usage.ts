/**
 * Per-user usage counters: one row per user, UTC day and source (web chat or the /v1 gateway),
 * bumped by an upsert after every reply. Portable: plain columns, a composite primary key and
 * `INSERT … ON CONFLICT … DO UPDATE`, which SQLite (≥ 3.24) and PostgreSQL both speak.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'YYYY-MM-DD' in UTC: sorts and ranges as text on both dialects.
    .addColumn('day', 'text', (c) => c.notNull())
    // 'chat' (the web app, the terminal client) or 'api' (/v1).
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('prompt_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_pk', ['user_id', 'day', 'source'])
    .execute();
  // The admin view: everyone's totals over a range of days.
  await db.schema.createIndex('usage_day_idx').on('usage').column('day').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('usage').ifExists().execute();
}
