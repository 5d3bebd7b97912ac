/**
 * The checks a supervised member's actions pass, one function per kind of action, each reading
 * the member's controls afresh (`supervisionFor`: nothing cached, so a guardian's change holds at
 * once on every client). Anyone who is not supervised passes every check untouched.
 *
 * - `checkAiSend`: every path that asks the assistant (web and terminal send, regenerate, edit,
 *   `/v1` chat completions, `@assistant` in a room) calls it before anything is saved or sent:
 *   quiet hours (403 `quiet_hours`, `until`), then the daily budgets (429 `daily_limit_reached`,
 *   `resetAt`).
 * - `checkPeopleSend` / `checkDirectMessage`: people chat during quiet hours (when the guardian
 *   ticked `quietHoursPeopleChat`) and whom a supervised member may message directly.
 * - `checkTokenScope`: API tokens (`allowTokens`), at creation and on every use.
 * - `checkDeleteHistory`: deleting their AI history (`allowDeleteHistory`).
 */
import type { TokenScope, User } from '#common/auth';
import type { FamilyControls } from '#common/family';
import type { AppContext } from '#server/context';
import { getActiveUser } from '#server/accounts/service';
import { HttpError } from '#server/errors';
import { budgetRefusal, quietHoursRefusal } from './limits';
import { supervisionFor } from './supervision';
import { todayUse } from './today';

type Deps = Pick<AppContext, 'db' | 'config'>;
type Member = Pick<User, 'id' | 'supervised'>;

/** 403 `not_allowed_for_supervised`, in plain words. */
export const notAllowedForSupervised = (message: string) => new HttpError(403, 'not_allowed_for_supervised', message);

/**
 * Refuses an AI send during quiet hours or once a daily budget is used up; passes anyone who is
 * not supervised. Call before anything is saved or sent.
 * @throws 403 quiet_hours (with `until`), 429 daily_limit_reached (with `resetAt`)
 */
export async function checkAiSend(ctx: Deps, user: Member, now = new Date()): Promise<void> {
  const supervision = await supervisionFor(ctx, user);
  if (!supervision) return;
  const { controls } = supervision;
  const zone = ctx.config.timeZone;
  const quiet = quietHoursRefusal(controls.quietHours, zone, now, 'ai');
  if (quiet) throw quiet;
  if (controls.dailyMessages === null && controls.dailyTokens === null) return;
  const refusal = budgetRefusal(await todayUse(ctx, user.id, controls, now), zone, now);
  if (refusal) throw refusal;
}

/**
 * Refuses a people-chat post during quiet hours when the guardian chose that quiet hours hold
 * people chat too (`quietHoursPeopleChat`).
 * @throws 403 quiet_hours (with `until`)
 */
export async function checkPeopleSend(ctx: Deps, user: Member, now = new Date()): Promise<void> {
  const supervision = await supervisionFor(ctx, user);
  if (!supervision?.controls.quietHoursPeopleChat) return;
  const quiet = quietHoursRefusal(supervision.controls.quietHours, ctx.config.timeZone, now, 'people');
  if (quiet) throw quiet;
}

/** Whether `controls` let their member message `otherId` directly. */
const mayMessage = (controls: FamilyControls, otherId: string) =>
  controls.directMessagesWith === 'everyone' || controls.directMessagesWith.includes(otherId);

/**
 * Refuses a direct message (opening the direct room, or posting in it) between `sender` and
 * `otherId` when either is a supervised member whose guardians did not list the other. Rooms a
 * supervised member was added to are not direct messages and are not held back here.
 * @throws 403 not_allowed_for_supervised
 */
export async function checkDirectMessage(ctx: Deps, sender: Member, otherId: string): Promise<void> {
  const own = await supervisionFor(ctx, sender);
  if (own && !mayMessage(own.controls, otherId)) {
    throw notAllowedForSupervised(
      'Your guardians chose who you can message directly, and this person is not on the list. You can still chat in the rooms you were added to.',
    );
  }
  const other = await getActiveUser(ctx, otherId);
  if (!other?.supervised) return;
  const theirs = await supervisionFor(ctx, other);
  if (theirs && !mayMessage(theirs.controls, sender.id)) {
    throw notAllowedForSupervised(
      `${other.displayName} can only get direct messages from the people their guardians chose. You can still talk in a room you share.`,
    );
  }
}

/** Whom a supervised member may message directly, when their guardians made a list (null: anyone). */
export async function directListOf(ctx: Deps, user: Member): Promise<ReadonlySet<string> | null> {
  const list = (await supervisionFor(ctx, user))?.controls.directMessagesWith;
  return list === undefined || list === 'everyone' ? null : new Set(list);
}

/**
 * Refuses a supervised member with a list putting someone off it into a room they make or own
 * (a room of two would be a direct message by another name). Rooms others add them to still work.
 * @throws 403 not_allowed_for_supervised
 */
export async function checkRoomMembers(ctx: Deps, user: Member, memberIds: readonly string[]): Promise<void> {
  const list = await directListOf(ctx, user);
  if (!list || memberIds.every((id) => list.has(id))) return;
  throw notAllowedForSupervised(
    'Your guardians chose who you can chat with, and someone you picked is not on the list. Pick only people from your list.',
  );
}

/**
 * Whether a supervised member may use an API token of `scope`: a `models` token (other apps,
 * /v1) only when a guardian allowed tokens (`allowTokens: true`); the terminal client's `chat`
 * token unless a guardian turned tokens off (`false`); an `admin` token never.
 */
export function tokenAllowed(controls: Pick<FamilyControls, 'allowTokens'>, scope: TokenScope): boolean {
  if (scope === 'chat') return controls.allowTokens !== false;
  return controls.allowTokens === true;
}

/**
 * Refuses an API token a supervised member may not have — when it is made, and on every request
 * made with one (so turning `allowTokens` off stops their tokens at once).
 * @throws 403 not_allowed_for_supervised
 */
export async function checkTokenScope(ctx: Deps, user: Member, scope: TokenScope): Promise<void> {
  const supervision = await supervisionFor(ctx, user);
  if (!supervision || tokenAllowed(supervision.controls, scope)) return;
  throw notAllowedForSupervised(
    scope === 'chat'
      ? 'Your guardians turned off signing in from the terminal for your account. Ask a guardian if you need it.'
      : 'Your guardians have not allowed API tokens for other apps on your account. Ask a guardian if you need one.',
  );
}

/**
 * Refuses deleting AI conversations or history unless a guardian allowed it.
 * @throws 403 not_allowed_for_supervised
 */
export async function checkDeleteHistory(ctx: Deps, user: Member): Promise<void> {
  const supervision = await supervisionFor(ctx, user);
  if (!supervision || supervision.controls.allowDeleteHistory) return;
  throw notAllowedForSupervised(
    'Your guardians have not allowed deleting chats on your account. Ask a guardian if you want one gone.',
  );
}
