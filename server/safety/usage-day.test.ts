/** Usage is counted per day on the household's clock (HEARTH_TIMEZONE), not per UTC day. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, createUser, type TestApp } from '#test/helpers';
import { dayRange, myUsage, recordUsage } from './usage';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ HEARTH_TIMEZONE: 'Europe/Berlin' });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('usage days', () => {
  it('books a reply at 23:30 UTC on the next Berlin day', async () => {
    const { user } = await createUser(t.app);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-03T23:30:00Z') });
    await recordUsage(t.app.ctx.db, t.app.ctx.log, {
      userId: user.id,
      source: 'chat',
      timeZone: t.config.timeZone,
      reported: { promptTokens: 3, completionTokens: 4 },
      turns: [],
      outputChars: 10,
    });
    const usage = await myUsage(t.app.ctx.db, user.id, 1, t.config.timeZone);
    expect(usage.to).toBe('2026-12-04');
    expect(usage.items.map((i) => i.day)).toEqual(['2026-12-04']);
  });

  it('counts ranges in household days, across a daylight-saving change', () => {
    expect(dayRange(3, 'Europe/Berlin', new Date('2026-03-29T22:30:00Z'))).toEqual({
      from: '2026-03-28',
      to: '2026-03-30',
    });
    expect(dayRange(1, 'America/New_York', new Date('2026-12-04T03:00:00Z'))).toEqual({
      from: '2026-12-03',
      to: '2026-12-03',
    });
  });

  it('refuses a time zone the system does not know', async () => {
    await expect(createTestApp({ HEARTH_TIMEZONE: 'Mars/Olympus' })).rejects.toThrow(/HEARTH_TIMEZONE/);
  });
});
