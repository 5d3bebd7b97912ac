/**
 * The family-safety tables: `guardians`, `family_controls`, `family_extras` and `safety_flags`.
 * The only code that touches them; the rest of family safety calls these functions. The task and
 * model allow-lists and the people-chat switch stay where they always were (accounts/permissions.ts,
 * messaging/people-store.ts): `supervision.ts` joins them into one FamilyControls.
 */
import { DEFAULT_FAMILY_CONTROLS, FamilyControls, type SafetyFlag } from '#common/family';
import type { Db } from '#server/db/database';

/** The controls kept in `family_controls` (the rest live with the allow-lists and people chat). */
export type StoredControls = Omit<FamilyControls, 'taskIds' | 'modelIds' | 'peopleChat'>;

const storedDefaults = (): StoredControls => {
  const { taskIds: _t, modelIds: _m, peopleChat: _p, ...rest } = DEFAULT_FAMILY_CONTROLS;
  return structuredClone(rest);
};

/** Reads JSON saved by any earlier version leniently: unknown or broken fields fall back to defaults. */
function parseStored(json: string): StoredControls {
  const defaults = storedDefaults();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return defaults;
  }
  if (typeof raw !== 'object' || raw === null) return defaults;
  const merged: Record<string, unknown> = { ...defaults };
  const shape = FamilyControls.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in defaults)) continue;
    const checked = shape[key]?.safeParse(value);
    if (checked?.success) merged[key] = checked.data;
  }
  return merged as StoredControls;
}

// ── controls ──

/** A member's stored controls, defaults where nothing was set. */
export async function readControls(db: Db, userId: string): Promise<StoredControls> {
  const row = await db.selectFrom('familyControls').select('controls').where('userId', '=', userId).executeTakeFirst();
  return row ? parseStored(row.controls) : storedDefaults();
}

/** The stored controls of several members at once. */
export async function readControlsOfMany(db: Db, userIds: readonly string[]): Promise<Map<string, StoredControls>> {
  const found = new Map<string, StoredControls>();
  if (userIds.length > 0) {
    const rows = await db.selectFrom('familyControls').selectAll().where('userId', 'in', userIds).execute();
    for (const row of rows) found.set(row.userId, parseStored(row.controls));
  }
  for (const id of userIds) if (!found.has(id)) found.set(id, storedDefaults());
  return found;
}

/** Writes a member's stored controls (all of them: read, change, write). */
export async function writeControls(db: Db, userId: string, controls: StoredControls, at: string): Promise<void> {
  const json = JSON.stringify(controls);
  await db
    .insertInto('familyControls')
    .values({ userId, controls: json, updatedAt: at })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ controls: json, updatedAt: at }))
    .execute();
}

// ── guardians ──

/** The ids of a member's guardians. */
export async function guardianIdsOf(db: Db, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('guardians').select('guardianId').where('childId', '=', childId).execute();
  return rows.map((r) => r.guardianId);
}

/** The ids of the members someone guards. */
export async function childIdsOf(db: Db, guardianId: string): Promise<string[]> {
  const rows = await db.selectFrom('guardians').select('childId').where('guardianId', '=', guardianId).execute();
  return rows.map((r) => r.childId);
}

/** Whether `guardianId` guards `childId`. */
export async function isGuardianOf(db: Db, guardianId: string, childId: string): Promise<boolean> {
  const row = await db
    .selectFrom('guardians')
    .select('childId')
    .where('guardianId', '=', guardianId)
    .where('childId', '=', childId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Replaces a member's guardians. Call inside a transaction with the rest of the change. */
export async function replaceGuardians(db: Db, childId: string, guardianIds: readonly string[], at: string) {
  await db.deleteFrom('guardians').where('childId', '=', childId).execute();
  if (guardianIds.length === 0) return;
  await db
    .insertInto('guardians')
    .values([...new Set(guardianIds)].map((guardianId) => ({ childId, guardianId, createdAt: at })))
    .execute();
}

// ── extras ──

/** Extra messages and tokens granted for one day. */
export async function extrasFor(db: Db, userId: string, day: string): Promise<{ messages: number; tokens: number }> {
  const row = await db
    .selectFrom('familyExtras')
    .select(['messages', 'tokens'])
    .where('userId', '=', userId)
    .where('day', '=', day)
    .executeTakeFirst();
  return { messages: Number(row?.messages ?? 0), tokens: Number(row?.tokens ?? 0) };
}

/** Adds to a day's extras. */
export async function addExtras(db: Db, userId: string, day: string, add: { messages: number; tokens: number }) {
  await db
    .insertInto('familyExtras')
    .values({ userId, day, messages: add.messages, tokens: add.tokens })
    .onConflict((oc) =>
      oc.columns(['userId', 'day']).doUpdateSet((eb) => ({
        messages: eb('familyExtras.messages', '+', add.messages),
        tokens: eb('familyExtras.tokens', '+', add.tokens),
      })),
    )
    .execute();
}

// ── flags ──

/** A flag as stored. */
export type FlagRow = {
  id: string;
  userId: string;
  at: string;
  direction: 'input' | 'output';
  category: SafetyFlag['category'];
  excerpt: string;
  conversationId: string | null;
  roomId: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
};

/** Longest excerpt a flag keeps. */
export const FLAG_EXCERPT_CHARS = 500;

/** Saves a flag (the excerpt is cut to FLAG_EXCERPT_CHARS). */
export async function insertFlag(db: Db, row: FlagRow): Promise<void> {
  await db
    .insertInto('safetyFlags')
    .values({ ...row, excerpt: row.excerpt.slice(0, FLAG_EXCERPT_CHARS) })
    .execute();
}

/** A member's flags, newest first, `limit` after the `before` cursor (an `at|id` pair). */
export async function listFlags(
  db: Db,
  userId: string,
  opts: { limit: number; before?: { at: string; id: string } | undefined },
): Promise<FlagRow[]> {
  let q = db.selectFrom('safetyFlags').selectAll().where('userId', '=', userId);
  const before = opts.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
    );
  }
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows as FlagRow[];
}

/** One flag of a member, or undefined (another member's flag is not found). */
export async function findFlag(db: Db, userId: string, flagId: string): Promise<FlagRow | undefined> {
  const row = await db
    .selectFrom('safetyFlags')
    .selectAll()
    .where('userId', '=', userId)
    .where('id', '=', flagId)
    .executeTakeFirst();
  return row as FlagRow | undefined;
}

/** Marks a flag reviewed (keeps the first review). */
export async function markFlagReviewed(db: Db, flagId: string, by: string, at: string): Promise<void> {
  await db
    .updateTable('safetyFlags')
    .set({ reviewedAt: at, reviewedBy: by })
    .where('id', '=', flagId)
    .where('reviewedAt', 'is', null)
    .execute();
}

/** How many flags of each member are not reviewed yet. */
export async function unreviewedCounts(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const rows = await db
    .selectFrom('safetyFlags')
    .select(['userId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('userId', 'in', userIds)
    .where('reviewedAt', 'is', null)
    .groupBy('userId')
    .execute();
  for (const row of rows) counts.set(row.userId, Number(row.n));
  return counts;
}
