/**
 * The web app's languages (English and German), with i18next. Every feature keeps its words in
 * its own namespace file, `web/src/locales/<language>/<namespace>.json`, so features never edit
 * each other's files; a component reads them with `useTranslation('<namespace>')`.
 *
 * The language is the member's choice in Settings once signed in, else the browser's. Only the
 * English words of the sign-in screens are in the first bundle (the phone's first load is
 * counted in bytes); every other namespace, and every German file, is its own small chunk,
 * fetched when the language is chosen or the signed-in app starts (`loadAllWords`).
 */
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { Language } from '#common/auth';

/** The languages the app speaks, in the order Settings offers them. */
export const LANGUAGES = Language.options;
export type { Language };

/** The namespaces in the first bundle, in English: what the sign-in screens say. */
const FIRST_NAMESPACES = ['common', 'auth'];

const eagerFiles = import.meta.glob<Record<string, unknown>>('../locales/en/{common,auth}.json', {
  eager: true,
  import: 'default',
});
// The bundled files are left out here: imported both ways, they would become chunks of their own.
const lazyFiles = import.meta.glob<Record<string, unknown>>(
  ['../locales/*/*.json', '!../locales/en/common.json', '!../locales/en/auth.json'],
  { import: 'default' },
);

const fileParts = (path: string) => /locales\/([^/]+)\/([^/]+)\.json$/.exec(path) as [string, string, string] | null;

/** Every namespace there is (German has them all: the unit test checks it has English's). */
const ALL_NAMESPACES = [
  ...new Set(
    Object.keys(lazyFiles)
      .map((path) => fileParts(path))
      .filter((parts) => parts?.[1] === 'de')
      .map((parts) => parts![2]),
  ),
];

/** `{en: {common: {...}, auth: {...}}}` from the bundled files. */
function bundledResources() {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, words] of Object.entries(eagerFiles)) {
    const parts = fileParts(path);
    if (parts) (resources[parts[1]] ??= {})[parts[2]] = words;
  }
  return resources;
}

/** i18next's loader for the other files: one dynamic import per language and namespace. */
const chunks: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = lazyFiles[`../locales/${language}/${namespace}.json`];
    // A namespace a language lacks falls back to English (the unit test keeps them complete).
    if (!load) return callback(null, {});
    load().then(
      (words) => callback(null, words as Parameters<ReadCallback>[1]),
      (error: unknown) => callback(error instanceof Error ? error.message : String(error), false),
    );
  },
};

/** The browser's preferred language among ours (English when none matches). */
export function browserLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const parsed = Language.safeParse(tag.toLowerCase().split('-')[0]);
    if (parsed.success) return parsed.data;
  }
  return 'en';
}

const KEY = 'hearth.language';

/** The member's last choice on this device (null: follow the browser), so a reload starts in it. */
function storedChoice(): Language | null {
  try {
    const parsed = Language.safeParse(localStorage.getItem(KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const startLanguage = storedChoice() ?? browserLanguage();
/** Sets the page's `lang` (none in unit tests, which run without a page). */
const setPageLanguage = (language: Language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
};
setPageLanguage(startLanguage);

void i18next
  .use(chunks)
  .use(initReactI18next)
  .init({
    resources: bundledResources(),
    partialBundledLanguages: true, // the bundled English words, and the backend for the rest
    lng: startLanguage,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: FIRST_NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes already
    initAsync: false, // the bundled words are ready before the first render
  });

/** Switches the whole app to a language (its words loaded first), and the page's `lang` attribute. */
export async function switchLanguage(language: Language): Promise<void> {
  setPageLanguage(language);
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

/**
 * Applies the member's setting (`null`: follow the browser) and remembers it on this device.
 */
export function applyLanguageChoice(choice: Language | null): Promise<void> {
  try {
    if (choice) localStorage.setItem(KEY, choice);
    else localStorage.removeItem(KEY);
  } catch {
    // private mode: the language still applies for this page
  }
  return switchLanguage(choice ?? browserLanguage());
}

/**
 * Namespaces only some pages use (the admin console, Settings, the Family page, the setup and
 * invite pages): each page's lazy import fetches them with its code (`loadWords`), so the chat's
 * first load does not. A component elsewhere that used one would still work: react-i18next
 * suspends until it arrives.
 */
export const PAGE_NAMESPACES = ['signup', 'tasks', 'music', 'users', 'usage', 'connections'] as const;

/** Loads these namespaces in the current language (and in any language switched to later). */
export const loadWords = (namespaces: readonly string[]): Promise<void> => i18next.loadNamespaces([...namespaces]);

/** Loads every namespace but the pages' own: what the signed-in app's start waits for. */
export const loadSignedInWords = (): Promise<void> =>
  loadWords(ALL_NAMESPACES.filter((ns) => !(PAGE_NAMESPACES as readonly string[]).includes(ns)));

/** Loads every namespace in the current language (unit tests: then every `t()` has its words). */
export const loadAllWords = (): Promise<void> => loadWords(ALL_NAMESPACES);

/** The language the app speaks now. */
export const currentLanguage = (): Language => (i18next.language === 'de' ? 'de' : 'en');

/**
 * The locale for dates and numbers (`Intl`): the browser's own tag when it is of the app's
 * language (an en-GB browser gets 12 Mar, a de-AT one its own), else the language itself.
 */
export function currentLocale(): string {
  const language = currentLanguage();
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

export { i18next };
