/**
 * Formatting for the settings and admin pages: times and browser names in words, in the app's
 * language (`currentLocale`), so a switch in Settings changes them with the words.
 */
import { currentLocale, i18next } from '#web/lib/i18n';

/** One formatter per locale and kind, made when first needed. */
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  kind: string,
  make: (locale: string) => T,
): T {
  const locale = currentLocale();
  const key = `${kind} ${locale}`;
  let format = cache.get(key) as T | undefined;
  if (!format) cache.set(key, (format = make(locale)));
  return format;
}

/** A date formatter in the app's locale; options must be the same for a given `kind`. */
export const dateFormat = (kind: string, options: Intl.DateTimeFormatOptions) =>
  cached(`date:${kind}`, (locale) => new Intl.DateTimeFormat(locale, options));

/** A number formatter in the app's locale; options must be the same for a given `kind`. */
export const numberFormat = (kind: string, options: Intl.NumberFormatOptions = {}) =>
  cached(`number:${kind}`, (locale) => new Intl.NumberFormat(locale, options));

/** A whole number as the reader writes it ("12,345"; "12.345"). */
export const formatNumber = (n: number): string => numberFormat('whole').format(n);

/** "12 Mar 2025, 14:05" in the app's locale; "—" for nothing. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : dateFormat('dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "in 6 days", "just now"; `now` for tests. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return i18next.t('common:never');
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const seconds = (t - now) / 1000;
  if (Math.abs(seconds) < 45) return i18next.t('common:justNow');
  const relative = cached('relative', (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** "Firefox on Windows" from a User-Agent header; good enough to recognise one's devices. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return i18next.t('common:unknownDevice');
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\/|CriOS\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : /^curl\//.test(ua)
              ? 'curl'
              : /node|undici|axios|python|OpenAI/i.test(ua)
                ? i18next.t('common:aScript')
                : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (browser && os) return i18next.t('common:browserOnOs', { browser, os });
  return browser ?? os ?? (ua.length > 40 ? `${ua.slice(0, 40)}…` : ua);
}
