/** Numbers for the usage views: "12,345" and "1.2M" in the reader's locale. */
import type { UsageCounts } from '#common/usage';

const whole = new Intl.NumberFormat();
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** A count as people read it: exact up to 10,000, compact above. */
export const formatCount = (n: number): string => (n < 10_000 ? whole.format(n) : compact.format(n));

/** Prompt plus completion tokens. */
export const tokensOf = (c: UsageCounts): number => c.promptTokens + c.completionTokens;

/** "12 Mar" for a YYYY-MM-DD day (UTC, as counted). */
export function formatDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
