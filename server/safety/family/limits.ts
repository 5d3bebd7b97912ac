/**
 * The "when" and "how much" of a supervised member's controls, as pure functions of a moment
 * (`now`, injectable so tests run on a fake clock): quiet hours on the household's clock
 * (HEARTH_TIMEZONE) and the daily budgets. They answer with the refusal to throw, or null.
 *
 * Quiet hours: a rule's `days` are the weekdays a quiet period STARTS on; `from` later than `to`
 * runs across midnight into the next day (Monday 21:00–07:00 is Monday 21:00 to Tuesday 07:00).
 * `until` is when the quiet time really ends: periods that touch or overlap (Friday 21:00–07:00
 * and Saturday 07:00–09:00) are one quiet time, so the child is never told "07:00" only to be
 * refused again at 07:00.
 */
import type { QuietHoursRule, TodayUse } from '#common/family';
import { HttpError } from '#server/errors';
import { instantOf, zonedParts } from '#server/safety/household-time';

/** A quiet period: from `start` (inclusive) to `end` (exclusive). */
export type QuietPeriod = { start: Date; end: Date };

const DAY_MS = 86_400_000;
/** Enough rounds to merge a whole week of back-to-back rules (each round adds at least one period). */
const MAX_MERGES = 16;

const clock = (hhmm: string) => ({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) });

/** The quiet periods that start on one household date (month 1–12; the day may overflow). */
function periodsStartingOn(
  date: { year: number; month: number; day: number },
  rules: readonly QuietHoursRule[],
  timeZone: string,
): QuietPeriod[] {
  // Normalise an overflowing day (32 December → 1 January) and read its weekday.
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const local = { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
  const weekday = utc.getUTCDay();
  const periods: QuietPeriod[] = [];
  for (const rule of rules) {
    if (!rule.days.includes(weekday)) continue;
    const from = clock(rule.from);
    const to = clock(rule.to);
    const overnight = rule.to <= rule.from;
    periods.push({
      start: instantOf({ ...local, ...from }, timeZone),
      end: instantOf({ ...local, day: local.day + (overnight ? 1 : 0), ...to }, timeZone),
    });
  }
  return periods;
}

/** The periods starting on the household dates from `firstOffset` to `lastOffset` days after `at`'s date. */
function periodsAround(
  at: Date,
  firstOffset: number,
  lastOffset: number,
  rules: readonly QuietHoursRule[],
  timeZone: string,
): QuietPeriod[] {
  const p = zonedParts(at, timeZone);
  const all: QuietPeriod[] = [];
  for (let k = firstOffset; k <= lastOffset; k++) {
    all.push(...periodsStartingOn({ year: p.year, month: p.month, day: p.day + k }, rules, timeZone));
  }
  return all;
}

/**
 * The quiet time `now` falls in, with back-to-back periods merged, or null when it is not quiet.
 * A period is shorter than a day, so only yesterday's and today's can hold `now`.
 */
export function currentQuietTime(rules: readonly QuietHoursRule[], timeZone: string, now: Date): QuietPeriod | null {
  if (rules.length === 0) return null;
  const t = now.getTime();
  const holding = periodsAround(now, -1, 0, rules, timeZone).filter(
    (q) => q.start.getTime() <= t && t < q.end.getTime(),
  );
  if (holding.length === 0) return null;
  const start = new Date(Math.min(...holding.map((q) => q.start.getTime())));
  let end = new Date(Math.max(...holding.map((q) => q.end.getTime())));
  for (let round = 0; round < MAX_MERGES; round++) {
    const days = Math.ceil((end.getTime() - t) / DAY_MS) + 1;
    const next = periodsAround(now, 0, days, rules, timeZone).filter(
      (q) => q.start.getTime() <= end.getTime() && q.end.getTime() > end.getTime(),
    );
    if (next.length === 0) break;
    end = new Date(Math.max(...next.map((q) => q.end.getTime())));
  }
  return { start, end };
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "07:00", or "on Monday at 07:00" when that is a day or more away, on the household's clock —
 * the words a child reads ("… again at 07:00").
 */
export function whenWords(at: Date, timeZone: string, now: Date): string {
  const p = zonedParts(at, timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  return at.getTime() - now.getTime() >= DAY_MS ? `on ${WEEKDAY_NAMES[p.weekday]} at ${time}` : `at ${time}`;
}

/** What the refused send was: the assistant, or a message to people. */
export type SendKind = 'ai' | 'people';

/** 403 `quiet_hours` with `until`, in words for a child. */
export function quietHoursError(until: Date, timeZone: string, now: Date, kind: SendKind = 'ai'): HttpError {
  const when = whenWords(until, timeZone, now);
  const message =
    kind === 'ai'
      ? `It's quiet time now. You can chat with the assistant again ${when}.`
      : `It's quiet time now. You can send messages again ${when}.`;
  return new HttpError(403, 'quiet_hours', message, undefined, undefined, { until: until.toISOString() });
}

/** The refusal for a send during quiet hours, or null when it is not quiet now. */
export function quietHoursRefusal(
  rules: readonly QuietHoursRule[],
  timeZone: string,
  now: Date,
  kind: SendKind = 'ai',
): HttpError | null {
  const quiet = currentQuietTime(rules, timeZone, now);
  return quiet ? quietHoursError(quiet.end, timeZone, now, kind) : null;
}

/** 429 `daily_limit_reached` with `resetAt` (and which budget ran out), in words for a child. */
export function dailyLimitError(budget: 'messages' | 'tokens', resetAt: Date, timeZone: string, now: Date): HttpError {
  const what = budget === 'messages' ? "today's messages with the assistant" : "all of today's assistant time";
  const when = whenWords(resetAt, timeZone, now);
  const seconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new HttpError(
    429,
    'daily_limit_reached',
    `You've used ${what}. You can chat again ${when} — or ask a guardian for more.`,
    undefined,
    // Retry-After for well-behaved clients; x-should-retry stops the OpenAI SDKs retrying at once.
    { 'Retry-After': String(seconds), 'x-should-retry': 'false' },
    { resetAt: resetAt.toISOString(), budget },
  );
}

/**
 * The refusal once a daily budget is used up, or null. A message budget counts AI messages (the
 * day's usage requests); a token budget refuses once today's tokens reach it — the reply that
 * crossed it was allowed to finish.
 */
export function budgetRefusal(today: TodayUse, timeZone: string, now: Date): HttpError | null {
  const resetAt = new Date(today.resetAt);
  if (today.remaining.messages === 0) return dailyLimitError('messages', resetAt, timeZone, now);
  if (today.remaining.tokens === 0) return dailyLimitError('tokens', resetAt, timeZone, now);
  return null;
}
