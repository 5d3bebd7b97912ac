/**
 * The household-wide "the admin hid the first-run guide" flag, kept in `settings` (key → JSON).
 * Only stored when an admin hides the guide before its steps are done; a finished guide goes away
 * by itself, from the real state.
 */
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { readSetting, writeSetting } from './access-store';

const KEY = 'firstRun.dismissed';

/** Whether an admin hid the first-run guide. */
export async function firstRunDismissed(ctx: Pick<AppContext, 'db'>): Promise<boolean> {
  return (await readSetting(ctx.db, KEY)) === 'true';
}

/** Hides (or shows again) the first-run guide for every admin of the household. */
export async function setFirstRunDismissed(ctx: Pick<AppContext, 'db'>, dismissed: boolean): Promise<void> {
  await writeSetting(ctx.db, KEY, JSON.stringify(dismissed), nowIso());
}
