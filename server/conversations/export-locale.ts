/**
 * The Markdown export in the reader's language and time: words in English or German, dates and
 * times with `Intl` in that language and the household's time zone (the JSON export stays ISO
 * UTC, for machines). The language is the member's setting, else the browser's (Accept-Language
 * of the download request), else English — as the web app chooses it.
 */
import { Language, type User } from '#common/auth';

/** How an export reads: its language and the time zone its times are shown in. */
export type ExportLocale = { language: Language; timeZone: string };

/** The words of the Markdown export. */
export type ExportWords = Record<keyof (typeof WORDS)['en'], string>;

const WORDS = {
  en: {
    you: 'You',
    system: 'System',
    assistant: 'Assistant',
    conversation: 'Conversation',
    started: 'Started',
    lastChanged: 'last changed',
    exported: 'exported from Hearth',
    timesIn: 'times in',
    stopped: 'stopped',
    interrupted: 'interrupted',
    blocked: "stopped by the household's safety filter",
    failed: 'failed',
    used: 'Used',
    notCarriedOut: 'Not carried out',
    result: 'Result',
  },
  de: {
    you: 'Du',
    system: 'System',
    assistant: 'Assistent',
    conversation: 'Unterhaltung',
    started: 'Begonnen',
    lastChanged: 'zuletzt geändert',
    exported: 'aus Hearth exportiert',
    timesIn: 'Zeiten in',
    stopped: 'angehalten',
    interrupted: 'unterbrochen',
    blocked: 'vom Sicherheitsfilter des Haushalts angehalten',
    failed: 'fehlgeschlagen',
    used: 'Verwendet',
    notCarriedOut: 'Nicht ausgeführt',
    result: 'Ergebnis',
  },
} as const satisfies Record<Language, Record<string, string>>;

/** The export's words in `language`. */
export const exportWords = (language: Language): ExportWords => WORDS[language];

/** The first of our languages in an Accept-Language header, by its q-values; null when none. */
export function acceptedLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(/^\s*q=([\d.]+)\s*$/.exec(params.find((p) => p.trim().startsWith('q=')) ?? '')?.[1] ?? 1);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { base } of ranked) {
    const parsed = Language.safeParse(base);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** The server's own time zone (used when the household's is not configured). */
export const serverTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The locale an export for `user` is written in. */
export function exportLocale(
  user: User,
  acceptLanguage: string | undefined,
  timeZone = serverTimeZone(),
): ExportLocale {
  return { language: user.settings.language ?? acceptedLanguage(acceptLanguage) ?? 'en', timeZone };
}

/** A stored ISO time as the reader reads it (`Jan 5, 2026, 11:00 AM`; `05.01.2026, 11:00`). */
export function formatExportTime(iso: string, locale: ExportLocale): string {
  // One formatter per locale: an archive formats every message's time.
  const key = `${locale.language} ${locale.timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale.language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: locale.timeZone,
    });
    formatters.set(key, format);
  }
  return format.format(new Date(iso));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
