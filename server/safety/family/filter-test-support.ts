/**
 * Test support (imported by tests only) for the family-safety filter: a supervised member with
 * a guardian and household filter settings, written through the family-safety store as the
 * Family page would, and the flags raised for a member.
 */
import { DEFAULT_FAMILY_CONTROLS, type FilterSettings } from '#common/family';
import type { App } from '#server/app';
import { nowIso } from '#server/db/database';
import * as store from './store';

/** Makes `guardianId` the guardian of `childId`, with these filter settings. */
export async function superviseWith(
  app: App,
  childId: string,
  guardianId: string,
  filter: Partial<FilterSettings> = {},
): Promise<void> {
  const { taskIds: _t, modelIds: _m, peopleChat: _p, ...stored } = DEFAULT_FAMILY_CONTROLS;
  const now = nowIso();
  await store.writeControls(app.ctx.db, childId, { ...stored, filter: { ...stored.filter, ...filter } }, now);
  await store.replaceGuardians(app.ctx.db, childId, [guardianId], now);
}

/** The flags of a member, newest first. */
export const flagsOf = (app: App, userId: string) => store.listFlags(app.ctx.db, userId, { limit: 100 });
