/**
 * Passkeys through `@simplewebauthn/browser`: register one for the signed-in user, or sign in
 * with one (no username: the browser offers the passkeys it has for this site). The library is
 * loaded when a passkey is used, not with the sign-in page (a phone's first load). Its words are
 * in the `settings` namespace, which the sign-in page loads only when a passkey fails.
 */
import { passkeysInsecureReason, isSecurePage } from '#web/features/a11y/secureContext';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { SessionReply } from '#common/auth';
import { AuthenticationResponse, RegistrationResponse, type PasskeyInfo } from '#common/passkeys';
import { authApi } from '#web/lib/auth-api';
import { i18next } from '#web/lib/i18n';

const webauthn = () => import('@simplewebauthn/browser');

/** What `browserSupportsWebAuthn` checks, without loading the library for it. */
const browserSupportsWebAuthn = () => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

/** An IPv4 or IPv6 address as the page's host: WebAuthn refuses those as the site's identity. */
const hostIsIpAddress = (host: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');

/** Why passkeys cannot work on this page: not a secure page, a browser without them, a bare IP address. */
export type PasskeyBlocker = 'insecure' | 'browser' | 'ipAddress';

/**
 * What stops passkeys on this page, or null when they can work: the browser supports WebAuthn
 * (which it exposes only over HTTPS or on localhost) and Hearth was opened by a name, not a bare
 * IP address.
 */
export function passkeyBlocker(): PasskeyBlocker | null {
  if (!isSecurePage()) return 'insecure';
  if (!browserSupportsWebAuthn()) return 'browser';
  if (hostIsIpAddress(location.hostname)) return 'ipAddress';
  return null;
}

/** Whether passkeys can work on this page, and if not, why in plain words (for Settings). */
export function passkeysUsableHere(): { ok: true } | { ok: false; reason: string } {
  const blocker = passkeyBlocker();
  if (!blocker) return { ok: true };
  if (blocker === 'insecure') return { ok: false, reason: passkeysInsecureReason() ?? '' };
  if (blocker === 'browser') return { ok: false, reason: i18next.t('settings:passkeyWords.browser') };
  return {
    ok: false,
    reason: i18next.t('settings:passkeyWords.ipAddress', {
      port: location.port || 80,
      address: location.hostname,
    }),
  };
}

/** Thrown when the person closed the browser's passkey prompt: not an error worth showing. */
export class PasskeyCancelled extends Error {
  override readonly name = 'PasskeyCancelled';
}

/** A sentence for a WebAuthn failure, or PasskeyCancelled when the prompt was dismissed. */
function explain(err: unknown, WebAuthnError: typeof import('@simplewebauthn/browser').WebAuthnError): Error {
  if (err instanceof WebAuthnError) {
    if (err.code === 'ERROR_CEREMONY_ABORTED') return new PasskeyCancelled(words('cancelled'));
    if (err.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return new Error(words('alreadyHere'));
    if (err.code === 'ERROR_INVALID_DOMAIN' || err.code === 'ERROR_INVALID_RP_ID') return new Error(words('needsName'));
  }
  // NotAllowedError: the prompt was closed, timed out, or no passkey was chosen.
  if (err instanceof Error && (err.name === 'NotAllowedError' || err.name === 'AbortError'))
    return new PasskeyCancelled(words('cancelled'));
  return err instanceof Error ? err : new Error(words('didNotWork'));
}

/** One of the passkey words (`settings:passkeyWords.<key>`). */
const words = (key: string) => i18next.t(`settings:passkeyWords.${key}`);

/** `explain`, once the words are here (the sign-in page has not loaded them before). */
async function explained(err: unknown, WebAuthnError: typeof import('@simplewebauthn/browser').WebAuthnError) {
  await i18next.loadNamespaces('settings');
  return explain(err, WebAuthnError);
}

/** Creates a passkey on this device and saves it under `name`. */
export async function registerPasskey(name: string): Promise<PasskeyInfo> {
  const [{ options }, { startRegistration, WebAuthnError }] = await Promise.all([
    authApi.passkeyRegisterOptions(),
    webauthn(),
  ]);
  let response;
  try {
    // The server made these with @simplewebauthn/server: they are the JSON options the browser wants.
    response = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  } catch (err) {
    throw await explained(err, WebAuthnError);
  }
  // Parsing with the contract's schema also turns the DOM types into the plain JSON the API takes.
  const { passkey } = await authApi.passkeyRegisterVerify({
    name: name.trim() || undefined,
    response: RegistrationResponse.parse(response),
  });
  return passkey;
}

/** Signs in with a passkey the browser offers; resolves with the new session. */
export async function signInWithPasskey(): Promise<SessionReply> {
  const [{ options }, { startAuthentication, WebAuthnError }] = await Promise.all([
    authApi.passkeyLoginOptions(),
    webauthn(),
  ]);
  let response;
  try {
    // Request options have only optional fields beyond the challenge, so they fit as they are.
    response = await startAuthentication({ optionsJSON: options });
  } catch (err) {
    throw await explained(err, WebAuthnError);
  }
  return authApi.passkeyLoginVerify({ response: AuthenticationResponse.parse(response) });
}
