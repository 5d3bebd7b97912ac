/**
 * The web app's languages (English and German), with i18next. Every feature keeps its words in
 * its own namespace file, `web/src/locales/<language>/<namespace>.json`, so features never edit
 * each other's files; a component reads them with `useTranslation('<namespace>')`.
 *
 * The language is the member's choice in Settings once signed in, else the browser's.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/** The languages the app speaks, in the order Settings offers them. */
export const LANGUAGES = ['en', 'de'] as const;
/** One of the app's languages. */
export type Language = (typeof LANGUAGES)[number];

const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' });

/** `{en: {chat: {...}, ...}, de: {...}}` from the files' paths. */
function resourcesFromFiles() {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, words] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, language, namespace] = match as unknown as [string, string, string];
    (resources[language] ??= {})[namespace] = words;
  }
  return resources;
}

/** The browser's preferred language among ours (English when none matches). */
export function browserLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base as Language)) return base as Language;
  }
  return 'en';
}

void i18next.use(initReactI18next).init({
  resources: resourcesFromFiles(),
  lng: browserLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false, // the words are bundled: ready before the first render
});

/** Switches the whole app to a language at once (and the page's `lang` attribute). */
export function switchLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** The language the app speaks now, for dates and numbers (`Intl`). */
export const currentLanguage = (): Language => (i18next.language === 'de' ? 'de' : 'en');

export { i18next };
