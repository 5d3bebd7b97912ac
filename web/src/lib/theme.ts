/**
 * Colour theme: the preference (system | light | dark) lives in the user's settings and in
 * localStorage (read by /theme-init.js before the first paint); the resolved theme is the
 * `data-theme` attribute on <html>, which the CSS variables key on.
 */
import type { Theme } from '#common/auth';

const KEY = 'hearth.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The preference stored on this device. */
export function storedTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

let stopFollowing: (() => void) | null = null;

/** Applies and stores a preference; with `system`, follows the device as it changes. */
export function applyTheme(pref: Theme): void {
  try {
    localStorage.setItem(KEY, pref);
  } catch {
    // private mode: the theme still applies for this page
  }
  stopFollowing?.();
  stopFollowing = null;
  const set = () => {
    const dark = pref === 'dark' || (pref === 'system' && media().matches);
    document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  };
  set();
  if (pref === 'system') {
    const mq = media();
    mq.addEventListener('change', set);
    stopFollowing = () => mq.removeEventListener('change', set);
  }
}
