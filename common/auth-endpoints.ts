/**
 * The endpoints the sign-in screens and the session need, on their own: signing in with a
 * password or a passkey, the session, the member's settings, adding a passkey. The web app's
 * first bundle carries these and nothing else of the API (`api-client.ts` has the rest); every
 * schema imported here is in the phone's first download, so keep it to what signing in needs.
 */
import type { z } from 'zod';
import { SessionReply, SetupStatus, type LoginBody, type SettingsPatch } from './auth';
import { PasskeyOptionsReply, RegisteredPasskey, type PasskeyLoginBody, type RegisterPasskeyBody } from './passkeys';
import type { Transport } from './api-transport';

/** Sign-in, session and passkey endpoints over `transport`. */
export function authEndpoints({ json, noContent }: Transport) {
  return {
    /** GET /api/setup — is the first-admin setup still open? */
    setupStatus: () => json(SetupStatus, 'GET', '/api/setup'),
    login: (body: LoginBody) => json(SessionReply, 'POST', '/api/auth/login', { body }),
    logout: () => noContent('POST', '/api/auth/logout'),
    me: () => json(SessionReply, 'GET', '/api/auth/me'),
    /** PATCH /api/me/settings — the reply body is not relied on; re-read `me()` for the result. */
    updateSettings: (body: SettingsPatch) => noContent('PATCH', '/api/me/settings', { body }),

    /** Starts registering a passkey: the options for `startRegistration({ optionsJSON })`. */
    passkeyRegisterOptions: () => json(PasskeyOptionsReply, 'POST', '/api/auth/passkeys/register/options'),
    /** Finishes registering with the browser's response. */
    passkeyRegisterVerify: (body: z.input<typeof RegisterPasskeyBody>) =>
      json(RegisteredPasskey, 'POST', '/api/auth/passkeys/register/verify', { body }),
    /** Starts a passkey sign-in (no username): the options for `startAuthentication({ optionsJSON })`. */
    passkeyLoginOptions: () => json(PasskeyOptionsReply, 'POST', '/api/auth/passkeys/login/options'),
    /** Finishes a passkey sign-in; answers like login (session cookie + CSRF token). */
    passkeyLoginVerify: (body: z.input<typeof PasskeyLoginBody>) =>
      json(SessionReply, 'POST', '/api/auth/passkeys/login/verify', { body }),
  };
}

/** The sign-in client's type. */
export type AuthEndpoints = ReturnType<typeof authEndpoints>;
