/**
 * Tasks that shape the assistant: generation parameters (null = the model server's default),
 * whether members may read the locked prompt, and the admin's order of the task list.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, 'real' | 'integer'][] = [
    ['temperature', 'real'],
    ['top_p', 'real'],
    ['max_tokens', 'integer'],
    ['context_length', 'integer'],
  ];
  for (const [name, type] of columns) await db.schema.alterTable('tasks').addColumn(name, type).execute();
  await db.schema
    .alterTable('tasks')
    .addColumn('prompt_visible', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('tasks')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Built-ins first, as the list was ordered before sort_order existed.
  await db.updateTable('tasks').set({ sort_order: 1 }).where('built_in', '=', 0).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['sort_order', 'prompt_visible', 'context_length', 'max_tokens', 'top_p', 'temperature'])
    await db.schema.alterTable('tasks').dropColumn(name).execute();
}
