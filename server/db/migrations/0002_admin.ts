/**
 * The admin console: tasks (with the built-ins seeded), per-user allow-lists, key/value
 * settings, sign-up invites, and indexes that let the audit log be filtered.
 */
import type { Kysely } from 'kysely';

// Frozen copies of the built-in prompts as they shipped; admins edit them in the tasks table.
const GENERAL_PROMPT =
  'You are Hearth, a friendly assistant for a household. Answer clearly and helpfully, ' +
  'in the language the person writes in. Keep answers short unless asked for detail, and say so ' +
  'when you are not sure.';
const MUSIC_PROMPT =
  "You are Hearth's music helper for a household. Answer questions about music and the " +
  "household's music library clearly and briefly.";

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('icon', 'text')
    .addColumn('system_prompt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('models', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tools', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('default_model', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  const builtIn = { models: '[]', tools: '[]', enabled: 1, built_in: 1, created_at: now, updated_at: now };
  await db
    .insertInto('tasks')
    .values([
      {
        ...builtIn,
        id: 'general',
        name: 'General chat',
        description: 'Ask anything.',
        icon: '💬',
        system_prompt: GENERAL_PROMPT,
      },
      {
        ...builtIn,
        id: 'music',
        name: 'Music library',
        description: 'Questions about music and the household’s library.',
        icon: '🎵',
        system_prompt: MUSIC_PROMPT,
      },
    ])
    .execute();

  // One row per user with a restriction; no row = everything allowed.
  await db.schema
    .createTable('user_permissions')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('model_ids', 'text')
    .addColumn('task_ids', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addColumn('supervised', 'integer', (c) => c.notNull().defaultTo(0))
    // No foreign keys to users: an invite outlives the admin who made it, for the record.
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text')
    .execute();

  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['audit_log_actor_idx', 'audit_log_target_idx', 'audit_log_action_idx']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  for (const t of ['invites', 'settings', 'user_permissions', 'tasks']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
