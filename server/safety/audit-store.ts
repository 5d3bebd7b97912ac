/** The `audit_log` table. The only code that touches it; everything else calls ./audit. */
import type { Db } from '#server/db/database';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { AuditLogTable } from '#server/db/schema';

export type AuditRow = Selectable<AuditLogTable>;

/** Filters of a page of the log (AND-ed); `beforeId` is the cursor. */
export type AuditFilter = {
  action?: string | undefined;
  /** Matches every action starting with this (e.g. "user."). */
  actionPrefix?: string | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
};

/** Appends one entry. */
export async function insertAuditRow(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('auditLog').values(row).execute();
}

/** Entries matching `filter`, newest first (by id: the insertion order). */
export async function listAuditRows(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('auditLog').selectAll();
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.actionPrefix !== undefined) {
    // substr, not LIKE: the prefix is literal text (no wildcards), on SQLite and PostgreSQL alike.
    const prefix = filter.actionPrefix;
    q = q.where(sql<boolean>`substr(${sql.ref('action')}, 1, ${prefix.length}) = ${prefix}`);
  }
  if (filter.actorId !== undefined) q = q.where('actorId', '=', filter.actorId);
  if (filter.targetId !== undefined) q = q.where('target', '=', filter.targetId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}
