/**
 * The `connection_settings` and `model_settings` tables: names, caps and hidden models the admin
 * set for model servers (configured ones included) and their models. The only code that touches them.
 */
import type { Db } from '#server/db/database';
import { nowIso } from '#server/db/database';

/** A server's editable settings; null fields keep the default. */
export type ConnectionSettings = { connectionId: string; name: string | null; maxConcurrent: number | null };
/** A model's display name (null: its own name) and whether members may see it. */
export type ModelSettings = { modelId: string; connectionId: string; displayName: string | null; hidden: boolean };

/** Every server's settings, by connection id. */
export async function listConnectionSettings(db: Db): Promise<Map<string, ConnectionSettings>> {
  const rows = await db.selectFrom('connectionSettings').select(['connectionId', 'name', 'maxConcurrent']).execute();
  return new Map(rows.map((r) => [r.connectionId, r]));
}

/** Every model's settings, by model id. */
export async function listModelSettings(db: Db): Promise<Map<string, ModelSettings>> {
  const rows = await db.selectFrom('modelSettings').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.modelId,
      { modelId: r.modelId, connectionId: r.connectionId, displayName: r.displayName, hidden: r.hidden === 1 },
    ]),
  );
}

/** Changes a server's settings (an omitted field stays as it was). */
export async function upsertConnectionSettings(
  db: Db,
  connectionId: string,
  patch: { name?: string | null; maxConcurrent?: number | null },
): Promise<void> {
  const updatedAt = nowIso();
  await db
    .insertInto('connectionSettings')
    .values({ connectionId, name: patch.name ?? null, maxConcurrent: patch.maxConcurrent ?? null, updatedAt })
    .onConflict((oc) => oc.column('connectionId').doUpdateSet({ ...patch, updatedAt }))
    .execute();
}

/** Changes a model's settings (an omitted field stays as it was). */
export async function upsertModelSettings(
  db: Db,
  modelId: string,
  connectionId: string,
  patch: { displayName?: string | null; hidden?: boolean },
): Promise<void> {
  const updatedAt = nowIso();
  const hidden = patch.hidden === undefined ? undefined : patch.hidden ? 1 : 0;
  await db
    .insertInto('modelSettings')
    .values({ modelId, connectionId, displayName: patch.displayName ?? null, hidden: hidden ?? 0, updatedAt })
    .onConflict((oc) =>
      oc.column('modelId').doUpdateSet({
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(hidden !== undefined ? { hidden } : {}),
        updatedAt,
      }),
    )
    .execute();
}

/** Makes exactly `modelIds` the hidden models of a server (the others become visible). */
export async function setHiddenModels(db: Db, connectionId: string, modelIds: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('modelSettings')
      .set({ hidden: 0, updatedAt: nowIso() })
      .where('connectionId', '=', connectionId)
      .execute();
    for (const id of modelIds) await upsertModelSettings(trx, id, connectionId, { hidden: true });
  });
}

/** Whether a model is hidden from members. */
export async function isModelHidden(db: Db, modelId: string): Promise<boolean> {
  const row = await db.selectFrom('modelSettings').select('hidden').where('modelId', '=', modelId).executeTakeFirst();
  return row?.hidden === 1;
}
