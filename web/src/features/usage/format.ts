/** Numbers for the usage views: "12,345" and "1.2M" in the app's language ("12.345", "1,2 Mio."). */
import type { UsageCounts } from '#common/usage';
import { dateFormat, formatNumber, numberFormat } from '#web/lib/ui/format';

/** A count as people read it: exact up to 10,000, compact above. */
export const formatCount = (n: number): string =>
  n < 10_000 ? formatNumber(n) : numberFormat('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(n);

/** Prompt plus completion tokens. */
export const tokensOf = (c: UsageCounts): number => c.promptTokens + c.completionTokens;

/** "12 Mar" for a YYYY-MM-DD day (UTC, as counted). */
export function formatDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : dateFormat('usageDay', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}
