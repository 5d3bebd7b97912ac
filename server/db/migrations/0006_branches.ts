/**
 * Branches and paging: an index on (parent_id, conversation_id). It serves finding a message's
 * children — its versions for the `‹ 2 / 3 ›` switcher, and the way down a branch to its newest
 * leaf — and a conversation's roots (parent_id IS NULL AND conversation_id = ?). Walking UP a
 * branch uses the primary key (or messages_conversation_idx); parent_id leads this index on
 * purpose: led by conversation_id it would look like a fit for the upward walk's
 * `conversation_id = ?` and SQLite's planner picked it there, scanning the whole conversation at
 * every step (O(n²): 10 s for a 5,000-message branch). Plain B-tree: same on PostgreSQL.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('messages_parent_idx').on('messages').columns(['parent_id', 'conversation_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_parent_idx').ifExists().execute();
}
