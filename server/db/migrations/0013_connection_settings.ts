/**
 * Editable settings of model servers and their models. A server from HEARTH_MODEL_SERVERS or
 * the default probe keeps its address in the config, but the admin may rename it and cap it
 * (`connection_settings`, keyed by the configured server's stable id, e.g. `env-1`, `ollama`).
 * Any model, on any server, may get a display name or be hidden from members (`model_settings`,
 * keyed by the model id `<connectionId>/<name>`). No foreign keys: configured servers have no row.
 * Also `conversations.imported_at`: an imported chat is marked as such in the list.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connection_settings')
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('max_concurrent', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('model_settings')
    .addColumn('model_id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('conversations').addColumn('imported_at', 'text').execute();
  await db.schema.createIndex('model_settings_connection_idx').on('model_settings').column('connection_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('imported_at').execute();
  await db.schema.dropTable('model_settings').ifExists().execute();
  await db.schema.dropTable('connection_settings').ifExists().execute();
}
