/**
 * Passkeys through `@simplewebauthn/browser`: register one for the signed-in user, or sign in
 * with one (no username: the browser offers the passkeys it has for this site). The library is
 * loaded when a passkey is used, not with the sign-in page (a phone's first load).
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { SessionReply } from '#common/auth';
import { AuthenticationResponse, RegistrationResponse, type PasskeyInfo } from '#common/passkeys';
import { api } from '#web/lib/api';

const webauthn = () => import('@simplewebauthn/browser');

export { passkeysSupported, passkeysUsableHere } from './passkey-support';

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
    api.passkeyRegisterOptions(),
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
  const { passkey } = await api.passkeyRegisterVerify({
    name: name.trim() || undefined,
    response: RegistrationResponse.parse(response),
  });
  return passkey;
}

/** Signs in with a passkey the browser offers; resolves with the new session. */
export async function signInWithPasskey(): Promise<SessionReply> {
  const [{ options }, { startAuthentication, WebAuthnError }] = await Promise.all([
    api.passkeyLoginOptions(),
    webauthn(),
  ]);
  let response;
  try {
    // Request options have only optional fields beyond the challenge, so they fit as they are.
    response = await startAuthentication({ optionsJSON: options });
  } catch (err) {
    throw explain(err, WebAuthnError);
  }
  return api.passkeyLoginVerify({ response: AuthenticationResponse.parse(response) });
}
