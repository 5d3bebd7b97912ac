/**
 * Passkeys (WebAuthn): register one or more in settings, then sign in with no password. The
 * options and responses are the WebAuthn JSON forms that `@simplewebauthn/browser`'s
 * startRegistration / startAuthentication take and return (and `PublicKeyCredential.toJSON()`).
 */
import { z } from 'zod';

const base64url = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

/** A registered passkey as listed in settings. */
export const PasskeyInfo = z.object({
  id: z.string(),
  name: z.string().describe('A name the user chose, e.g. "Phone" or "Laptop fingerprint"'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Last sign-in with it'),
  deviceType: z.enum(['singleDevice', 'multiDevice']).describe('multiDevice: synced (e.g. through a password manager)'),
  backedUp: z.boolean().describe('Whether the passkey is backed up (synced) by its provider'),
});
export type PasskeyInfo = z.infer<typeof PasskeyInfo>;

/** GET /api/auth/passkeys: newest first. */
export const PasskeyList = z.object({ items: z.array(PasskeyInfo) });
export type PasskeyList = z.infer<typeof PasskeyList>;

export const PasskeyName = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');

/**
 * Reply of the two `…/options` routes: the WebAuthn options JSON to hand to the browser
 * (PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON).
 */
export const PasskeyOptionsReply = z.object({
  options: z
    .looseObject({ challenge: z.string().describe('Single-use, valid for 5 minutes') })
    .describe('Pass to startRegistration({optionsJSON}) / startAuthentication({optionsJSON})'),
});
export type PasskeyOptionsReply = z.infer<typeof PasskeyOptionsReply>;

/** The browser's RegistrationResponseJSON (what startRegistration returns). */
export const RegistrationResponse = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(16).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** POST /api/auth/passkeys/register/verify. */
export const RegisterPasskeyBody = z.object({
  response: RegistrationResponse,
  name: PasskeyName.optional().describe('Defaults to "Passkey"'),
});
export type RegisterPasskeyBody = z.infer<typeof RegisterPasskeyBody>;

/** Reply of POST /api/auth/passkeys/register/verify (201). */
export const RegisteredPasskey = z.object({ passkey: PasskeyInfo });

/** PATCH /api/auth/passkeys/:id. */
export const RenamePasskeyBody = z.object({ name: PasskeyName });

/** The browser's AuthenticationResponseJSON (what startAuthentication returns). */
export const AuthenticationResponse = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** POST /api/auth/passkeys/login/verify → the same reply and cookie as password sign-in. */
export const PasskeyLoginBody = z.object({ response: AuthenticationResponse });
export type PasskeyLoginBody = z.infer<typeof PasskeyLoginBody>;
