/** Family page formatting in the app's language: weekdays, times, counts. */
import { currentLanguage } from '#web/lib/i18n';

/** Weekday names, 0 = Sunday … 6 = Saturday, in the app's language (`short`: "Mon"). */
export function weekdayNames(width: 'short' | 'long' = 'short'): string[] {
  const f = new Intl.DateTimeFormat(currentLanguage(), { weekday: width, timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2023, 0, 1 + i))));
}

/** Monday first, as households read a week (the values stay 0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** A whole number with the language's grouping. */
export const formatNumber = (n: number): string => new Intl.NumberFormat(currentLanguage()).format(n);

/** A date and time, e.g. "3 Dec, 18:04". */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A household day `YYYY-MM-DD` as a short date ("Wed 3 Dec"). */
export function formatDayShort(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(currentLanguage(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The display name of a person, falling back to the username. */
export const nameOf = (p: { displayName: string; username: string }): string => p.displayName || p.username;
