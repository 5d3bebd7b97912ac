/**
 * Family safety: who guards whom (`guardians`), a supervised member's controls beyond the
 * allow-lists and the people-chat switch (`family_controls`, JSON of FamilyControls' other
 * fields), extra allowances a guardian granted for one day (`family_extras`), and what the
 * content filter flagged (`safety_flags`). Rows go with their users.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guardians')
    .addColumn('child_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('guardians_pk', ['child_id', 'guardian_id'])
    .execute();
  await db.schema.createIndex('guardians_guardian_idx').on('guardians').column('guardian_id').execute();
  await db.schema
    .createTable('family_controls')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('controls', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('family_extras')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('family_extras_pk', ['user_id', 'day'])
    .execute();
  await db.schema
    .createTable('safety_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('room_id', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .execute();
  await db.schema.createIndex('safety_flags_user_idx').on('safety_flags').columns(['user_id', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['safety_flags', 'family_extras', 'family_controls', 'guardians']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
