/**
 * Today's use of a member on the household's clock, and what is left of their daily budgets
 * (extras a guardian granted included). The Family page, `GET /api/me/supervision` and the send
 * check all read it here, so what the child is told is exactly what is enforced.
 */
import type { FamilyControls, TodayUse } from '#common/family';
import type { AppContext } from '#server/context';
import { endOfHouseholdDay, householdDay } from '#server/safety/household-time';
import { usageOnDay } from '#server/safety/usage';
import { extrasFor } from './store';

type Deps = Pick<AppContext, 'db' | 'config'>;

/** What is left of a limit (null: no limit). */
const left = (limit: number | null, extra: number, used: number) =>
  limit === null ? null : Math.max(0, limit + extra - used);

/** A member's use today and what is left, as of `now`. */
export async function todayUse(
  ctx: Deps,
  userId: string,
  controls: Pick<FamilyControls, 'dailyMessages' | 'dailyTokens'>,
  now = new Date(),
): Promise<TodayUse> {
  const zone = ctx.config.timeZone;
  const day = householdDay(now, zone);
  const [rows, extras] = await Promise.all([usageOnDay(ctx.db, userId, day), extrasFor(ctx.db, userId, day)]);
  const messages = rows.reduce((n, r) => n + r.requests, 0);
  const tokens = rows.reduce((n, r) => n + r.promptTokens + r.completionTokens, 0);
  return {
    day,
    messages,
    tokens,
    extraMessages: extras.messages,
    extraTokens: extras.tokens,
    remaining: {
      messages: left(controls.dailyMessages, extras.messages, messages),
      tokens: left(controls.dailyTokens, extras.tokens, tokens),
    },
    resetAt: endOfHouseholdDay(now, zone).toISOString(),
  };
}
