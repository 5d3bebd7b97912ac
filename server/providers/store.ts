/**
 * The `connections` table (model servers an admin added). The only code that touches it; the
 * admin feature manages rows through these functions.
 */
import type { Db } from '#server/db/database';
import { newId } from '#server/db/ids';
import type { ConnectionRow } from '#server/db/schema';
import type { ConnectionInfo } from './types';

/** Enabled connections, oldest first (so their order in lists is stable). */
export async function listEnabledConnections(db: Db): Promise<ConnectionInfo[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('enabled', '=', 1)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map(toInfo);
}

/** Every connection row, enabled or not (admin view). */
export async function listAllConnections(db: Db): Promise<ConnectionRow[]> {
  return db.selectFrom('connections').selectAll().orderBy('createdAt').orderBy('id').execute();
}

/** Adds a connection; returns its row. */
export async function insertConnection(
  db: Db,
  input: {
    name: string;
    provider: ConnectionInfo['provider'];
    baseUrl: string;
    apiKey?: string | null;
    enabled?: boolean;
  },
): Promise<ConnectionRow> {
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    id: newId(),
    name: input.name,
    provider: input.provider,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    apiKey: input.apiKey ?? null,
    enabled: input.enabled === false ? 0 : 1,
    createdAt: now,
    updatedAt: now,
  };
  await db.insertInto('connections').values(row).execute();
  return row;
}

function toInfo(row: ConnectionRow): ConnectionInfo {
  return { id: row.id, name: row.name, provider: row.provider, baseUrl: row.baseUrl, apiKey: row.apiKey ?? undefined };
}

/** One connection row by id, or undefined. */
export async function findConnection(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a connection; returns the row after the change, or undefined when there is none. */
export async function updateConnection(
  db: Db,
  id: string,
  patch: Partial<Pick<ConnectionRow, 'name' | 'provider' | 'baseUrl' | 'apiKey' | 'enabled'>>,
): Promise<ConnectionRow | undefined> {
  const set = {
    ...patch,
    ...(patch.baseUrl !== undefined ? { baseUrl: patch.baseUrl.replace(/\/+$/, '') } : {}),
    updatedAt: new Date().toISOString(),
  };
  await db.updateTable('connections').set(set).where('id', '=', id).execute();
  return findConnection(db, id);
}

/** Deletes a connection; returns whether it existed. */
export async function deleteConnection(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
