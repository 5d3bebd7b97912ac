/**
 * Passkeys through `@simplewebauthn/browser`: register one for the signed-in user, or sign in
 * with one (no username: the browser offers the passkeys it has for this site). The library is
 * loaded when a passkey is used, not with the sign-in page (a phone's first load).
 */
import { passkeysInsecureReason } from '#web/features/a11y/secureContext';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { SessionReply } from '#common/auth';
import { AuthenticationResponse, RegistrationResponse, type PasskeyInfo } from '#common/passkeys';
import { authApi } from '#web/lib/auth-api';

const webauthn = () => import('@simplewebauthn/browser');

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

/** Thrown when the person closed the browser's passkey prompt: not an error worth showing. */
export class PasskeyCancelled extends Error {
  override readonly name = 'PasskeyCancelled';
}

/** A sentence for a WebAuthn failure, or PasskeyCancelled when the prompt was dismissed. */
function explain(err: unknown, WebAuthnError: typeof import('@simplewebauthn/browser').WebAuthnError): Error {
  if (err instanceof WebAuthnError) {
    if (err.code === 'ERROR_CEREMONY_ABORTED') return new PasskeyCancelled('Cancelled.');
    if (err.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
      return new Error('This device already holds a passkey for your account.');
    }
    if (err.code === 'ERROR_INVALID_DOMAIN' || err.code === 'ERROR_INVALID_RP_ID') {
      return new Error(
        'Passkeys need Hearth to be opened by its name over HTTPS (or on localhost), not by a bare IP address.',
      );
    }
  }
  // NotAllowedError: the prompt was closed, timed out, or no passkey was chosen.
  if (err instanceof Error && (err.name === 'NotAllowedError' || err.name === 'AbortError'))
    return new PasskeyCancelled('Cancelled.');
  return err instanceof Error ? err : new Error('The passkey didn’t work.');
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
    throw explain(err, WebAuthnError);
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
    throw explain(err, WebAuthnError);
  }
  return authApi.passkeyLoginVerify({ response: AuthenticationResponse.parse(response) });
}
