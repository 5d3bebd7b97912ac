/**
 * Plain words for what a browser turns off on a page that is not a secure context (plain http
 * on a home network, e.g. http://192.168.1.20): passkeys, notifications, installing the app
 * (its service worker), the app icon's unread badge and copying by button. Each feature says
 * so where it lives instead of silently not working (issue 15.10).
 */
import { i18next } from '#web/lib/i18n';

/** Whether this page is a secure context (https, or localhost). */
export const isSecurePage = (): boolean => globalThis.isSecureContext !== false;

/** Why passkeys cannot work here, or null when the page is secure. */
export function passkeysInsecureReason(): string | null {
  return isSecurePage() ? null : i18next.t('a11y:insecure.passkeys');
}
