/**
 * API token scopes: what each token may call (`models`, `chat`, `admin`; see common/auth.ts).
 * Tokens made before scopes existed were used for /v1 and scripts: they become `models`, the
 * narrowest scope, so an old leaked token cannot reach more than the gateway.
 */
import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('models'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('scope').execute();
}
