import { describe, expect, it } from 'vitest';
import { endOfHouseholdDay, householdDay, instantOf, zonedParts } from './household-time';

describe('the household clock', () => {
  it('names the day in the household zone, not UTC', () => {
    const lateUtc = new Date('2026-12-03T23:30:00Z');
    expect(householdDay(lateUtc, 'UTC')).toBe('2026-12-03');
    expect(householdDay(lateUtc, 'Europe/Berlin')).toBe('2026-12-04');
    expect(householdDay(lateUtc, 'America/New_York')).toBe('2026-12-03');
  });

  it('reads weekdays (0 = Sunday) and times on the household clock', () => {
    const p = zonedParts(new Date('2026-12-06T23:30:00Z'), 'Europe/Berlin'); // Monday 00:30 in Berlin
    expect(p.weekday).toBe(1);
    expect([p.hour, p.minute]).toEqual([0, 30]);
  });

  it('finds the next local midnight, across a daylight-saving change', () => {
    expect(endOfHouseholdDay(new Date('2026-12-03T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    // 29 March 2026: Berlin goes from +01:00 to +02:00 at 02:00.
    expect(endOfHouseholdDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(instantOf({ year: 2026, month: 12, day: 31, hour: 21 }, 'America/New_York').toISOString()).toBe(
      '2027-01-01T02:00:00.000Z',
    );
  });
});
