/**
 * Tool calls on assistant messages: a nullable JSON column (`ToolCall[]` of common/conversations)
 * holding every call a reply made, in order. Tool turns are not rows of the tree: the model's
 * view of them is rebuilt from this column. TEXT here; JSONB would do on PostgreSQL, but the
 * server never queries inside it.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('tool_calls', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('tool_calls').execute();
}
