/**
 * Quiet hours and daily budgets as pure functions of a moment: across midnight, on the weekday
 * change, merged back-to-back rules, and the same rule in two time zones.
 */
import { describe, expect, it } from 'vitest';
import type { QuietHoursRule, TodayUse } from '#common/family';
import { HttpError } from '#server/errors';
import { budgetRefusal, currentQuietTime, quietHoursRefusal } from './limits';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
// 2026-12-07 is a Monday (weekday 1). Berlin is UTC+1 in December, New York UTC-5.
const MON = 1;
const TUE = 2;
const SUN = 0;
const SAT = 6;
const at = (iso: string) => new Date(iso);

const schoolNights: QuietHoursRule[] = [{ days: [SUN, MON, TUE, 3, 4], from: '21:00', to: '07:00' }];

describe('quiet hours', () => {
  it('runs across midnight into the next day, from the day it starts on', () => {
    // Monday 22:30 Berlin: quiet until Tuesday 07:00 Berlin.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-07T21:30:00Z'))?.end.toISOString()).toBe(
      '2026-12-08T06:00:00.000Z',
    );
    // Tuesday 03:00 Berlin (started Monday): the same end.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-08T02:00:00Z'))?.end.toISOString()).toBe(
      '2026-12-08T06:00:00.000Z',
    );
    // Tuesday 07:00 sharp: open again; 20:59 still open; 21:00 quiet.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-08T06:00:00Z'))).toBeNull();
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-08T19:59:00Z'))).toBeNull();
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-08T20:00:00Z'))).not.toBeNull();
  });

  it('follows the weekday a period starts on: Friday night is free, Saturday morning after Thursday night is not', () => {
    // Friday 23:00 Berlin: no rule starts on Friday.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-11T22:00:00Z'))).toBeNull();
    // Friday 06:00 Berlin: Thursday's period still runs.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-11T05:00:00Z'))?.end.toISOString()).toBe(
      '2026-12-11T06:00:00.000Z',
    );
    // Saturday 06:00 Berlin: nothing started on Friday, so it is open.
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-12T05:00:00Z'))).toBeNull();
    // Sunday 23:00 Berlin: Sunday's period (into Monday 07:00).
    expect(currentQuietTime(schoolNights, BERLIN, at('2026-12-13T22:00:00Z'))?.end.toISOString()).toBe(
      '2026-12-14T06:00:00.000Z',
    );
  });

  it('reads the rule on the household clock: the same instant is quiet in Berlin and not in New York', () => {
    const instant = at('2026-12-07T21:30:00Z'); // Berlin 22:30 Monday, New York 16:30 Monday
    expect(currentQuietTime(schoolNights, BERLIN, instant)).not.toBeNull();
    expect(currentQuietTime(schoolNights, NEW_YORK, instant)).toBeNull();
    // New York Monday 21:30 = Tuesday 02:30 UTC: quiet until 07:00 New York = 12:00 UTC.
    const ny = quietHoursRefusal(schoolNights, NEW_YORK, at('2026-12-08T02:30:00Z'));
    expect(ny?.facts).toEqual({ until: '2026-12-08T12:00:00.000Z' });
    expect(ny?.message).toBe("It's quiet time now. You can chat with the assistant again at 07:00.");
  });

  it('merges back-to-back periods into one quiet time, so `until` is when it really opens', () => {
    const rules: QuietHoursRule[] = [
      { days: [SAT], from: '21:00', to: '07:00' },
      { days: [SUN], from: '07:00', to: '09:30' },
      { days: [SUN], from: '09:00', to: '10:00' },
    ];
    const quiet = currentQuietTime(rules, BERLIN, at('2026-12-12T22:00:00Z')); // Saturday 23:00
    expect(quiet?.end.toISOString()).toBe('2026-12-13T09:00:00.000Z'); // Sunday 10:00 Berlin
    // A whole week quiet, with a day's rule and a night's rule each day: ends a week on, and the
    // words name the day.
    const always: QuietHoursRule[] = [
      { days: [0, 1, 2, 3, 4, 5, 6], from: '07:00', to: '21:00' },
      { days: [0, 1, 2, 3, 4, 5], from: '21:00', to: '07:00' },
    ];
    const refusal = quietHoursRefusal(always, BERLIN, at('2026-12-07T12:00:00Z'));
    expect(refusal?.facts).toEqual({ until: '2026-12-12T20:00:00.000Z' }); // Saturday 21:00 Berlin
    expect(refusal?.message).toBe("It's quiet time now. You can chat with the assistant again on Saturday at 21:00.");
  });

  it('is never quiet without rules, and words people chat apart from the assistant', () => {
    expect(currentQuietTime([], BERLIN, at('2026-12-07T23:00:00Z'))).toBeNull();
    const people = quietHoursRefusal(schoolNights, BERLIN, at('2026-12-08T02:00:00Z'), 'people');
    expect(people).toBeInstanceOf(HttpError);
    expect(people).toMatchObject({ statusCode: 403, code: 'quiet_hours' });
    expect(people?.message).toBe("It's quiet time now. You can send messages again at 07:00.");
  });
});

describe('daily budgets', () => {
  const today = (over: Partial<TodayUse>): TodayUse => ({
    day: '2026-12-07',
    messages: 0,
    tokens: 0,
    extraMessages: 0,
    extraTokens: 0,
    remaining: { messages: null, tokens: null },
    resetAt: '2026-12-07T23:00:00.000Z',
    ...over,
  });
  const now = at('2026-12-07T18:00:00Z'); // 19:00 Berlin

  it('refuses once messages or tokens are used up, with resetAt and whom to ask', () => {
    expect(budgetRefusal(today({ remaining: { messages: 1, tokens: 10 } }), BERLIN, now)).toBeNull();
    const messages = budgetRefusal(today({ remaining: { messages: 0, tokens: null } }), BERLIN, now);
    expect(messages).toMatchObject({ statusCode: 429, code: 'daily_limit_reached' });
    expect(messages?.facts).toEqual({ resetAt: '2026-12-07T23:00:00.000Z', budget: 'messages' });
    expect(messages?.message).toBe(
      "You've used today's messages with the assistant. You can chat again at 00:00 — or ask a guardian for more.",
    );
    expect(messages?.headers?.['Retry-After']).toBe(String(5 * 3600));
    const tokens = budgetRefusal(today({ remaining: { messages: null, tokens: 0 } }), BERLIN, now);
    expect(tokens?.facts?.budget).toBe('tokens');
  });
});
