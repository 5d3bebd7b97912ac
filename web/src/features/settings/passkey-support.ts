/**
 * Whether passkeys can work on this page: apart from passkeys.ts, so the sign-in page can decide
 * to offer "Sign in with a passkey" without downloading the passkey code itself (a phone's
 * first load is counted in bytes; passkeys.ts loads when the button is pressed).
 */
import { passkeysInsecureReason } from '#web/features/a11y/secureContext';

/** What `browserSupportsWebAuthn` checks, without loading the library for it. */
const browserSupportsWebAuthn = () => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

/** An IPv4 or IPv6 address as the page's host: WebAuthn refuses those as the site's identity. */
const hostIsIpAddress = (host: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');

/**
 * Whether passkeys can work on this page: the browser supports WebAuthn (which it exposes only
 * over HTTPS or on localhost) and Hearth was opened by a name, not a bare IP address.
 */
export function passkeysUsableHere(): { ok: true } | { ok: false; reason: string } {
  const insecure = passkeysInsecureReason();
  if (insecure) return { ok: false, reason: insecure };
  if (!browserSupportsWebAuthn()) {
    return {
      ok: false,
      reason:
        'This browser can’t use passkeys here. Passkeys need a recent browser, and Hearth opened over HTTPS (or on localhost).',
    };
  }
  if (hostIsIpAddress(location.hostname)) {
    return {
      ok: false,
      reason: `Passkeys need Hearth opened by its name (for example https://hearth.home or http://localhost:${location.port || 80}), not by the address ${location.hostname}.`,
    };
  }
  return { ok: true };
}

/** Whether the sign-in page should offer "Sign in with a passkey". */
export const passkeysSupported = (): boolean => passkeysUsableHere().ok;
