/**
 * Passkeys with @simplewebauthn/server: registration for a signed-in user, and usernameless
 * sign-in (discoverable credentials: the authenticator names the account). User verification
 * (the device's face, fingerprint or PIN unlock) is required both times, since the passkey is
 * the only factor. Challenges are single-use, kept server-side for 5 minutes.
 */
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { User } from '#common/auth';
import type { PasskeyInfo, PasskeyLoginBody, PasskeyOptionsReply, RegisterPasskeyBody } from '#common/passkeys';
import type { AppContext } from '#server/context';
import { getActiveUser } from '#server/accounts/service';
import { newId } from '#server/db/ids';
import { badRequest, conflict, invalidCredentials, notFound } from '#server/errors';
import * as store from './passkey-store';

type Deps = Pick<AppContext, 'db' | 'config'>;

const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * The WebAuthn library, loaded on the first passkey request: it is about 16 MB of the server's
 * memory, and many households never use passkeys.
 */
const webauthn = () => import('@simplewebauthn/server');
const RP_NAME = 'Hearth';

/** Who the passkeys belong to (the site) and where the browser must be. */
export type RelyingParty = { rpID: string; origin: string };

/**
 * The relying party for this request: HEARTH_PUBLIC_URL when set, else the host the request
 * came to (behind a trusted proxy, the forwarded one).
 * @throws 400 when the browser would refuse passkeys here (an IP address, or http off localhost)
 */
export function relyingParty(ctx: Pick<AppContext, 'config'>, request: FastifyRequest): RelyingParty {
  const url = new URL(ctx.config.publicUrl ?? `${request.protocol}://${request.host}`);
  const rpID = url.hostname;
  if (isIP(rpID.replace(/^\[|\]$/g, ''))) {
    throw badRequest(
      'Passkeys need Hearth to be opened by a name (like hearth.home.arpa or localhost), not an IP address.',
    );
  }
  const local = rpID === 'localhost' || rpID.endsWith('.localhost');
  if (url.protocol !== 'https:' && !local) {
    throw badRequest('Passkeys need Hearth to be served over https (or opened as localhost).');
  }
  return { rpID, origin: url.origin };
}

/** The WebAuthn user handle of a user: their id's bytes (no personal data). */
const userHandle = (userId: string) => new TextEncoder().encode(userId);

const toBytes = (b64url: string) => Uint8Array.from(Buffer.from(b64url, 'base64url'));

function parseTransports(json: string | null): string[] | undefined {
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function toInfo(row: store.PasskeyRow): PasskeyInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    deviceType: row.deviceType,
    backedUp: row.backedUp === 1,
  };
}

async function saveChallenge(ctx: Deps, challenge: string, purpose: 'register' | 'login', userId: string | null) {
  const now = Date.now();
  await store.deleteExpiredChallenges(ctx.db, new Date(now).toISOString());
  await store.insertChallenge(ctx.db, {
    challenge,
    purpose,
    userId,
    expiresAt: new Date(now + CHALLENGE_TTL_MS).toISOString(),
  });
}

const consume = (ctx: Deps, purpose: 'register' | 'login', userId: string | null) => (challenge: string) =>
  store.consumeChallenge(ctx.db, challenge, purpose, userId, new Date().toISOString());

/** The user's passkeys, newest first. */
export async function listPasskeys(ctx: Deps, userId: string): Promise<PasskeyInfo[]> {
  return (await store.listPasskeys(ctx.db, userId)).map(toInfo);
}

/** WebAuthn options JSON, as the routes send it. */
export type OptionsJson = PasskeyOptionsReply['options'];

/** Options for registering a new passkey; the user's existing ones are excluded. */
export async function registrationOptions(ctx: Deps, user: User, rp: RelyingParty): Promise<OptionsJson> {
  const existing = await store.listPasskeys(ctx.db, user.id);
  const options = await (
    await webauthn()
  ).generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.username,
    userDisplayName: user.displayName,
    userID: userHandle(user.id),
    attestationType: 'none',
    timeout: CHALLENGE_TTL_MS,
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: parseTransports(p.transports) ?? [] })),
    // Discoverable, so sign-in needs no username; verified, since it is the only factor.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await saveChallenge(ctx, options.challenge, 'register', user.id);
  return { ...options };
}

/** Checks the browser's registration response and stores the new passkey. */
export async function registerPasskey(
  ctx: Deps,
  user: User,
  rp: RelyingParty,
  body: RegisterPasskeyBody,
): Promise<PasskeyInfo> {
  let verification;
  try {
    verification = await (
      await webauthn()
    ).verifyRegistrationResponse({
      response: body.response,
      expectedChallenge: consume(ctx, 'register', user.id),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch (err) {
    throw badRequest(
      `response: ${err instanceof Error ? err.message : 'is not a valid passkey registration'}`,
      'response',
    );
  }
  if (!verification.verified) throw badRequest('response: the passkey could not be verified', 'response');
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  if (await store.findPasskeyByCredentialId(ctx.db, credential.id))
    throw conflict('This passkey is already registered.');
  const row: store.PasskeyRow = {
    id: newId(),
    userId: user.id,
    name: body.name ?? 'Passkey',
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: body.response.response.transports ? JSON.stringify(body.response.response.transports) : null,
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp ? 1 : 0,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
  };
  await store.insertPasskey(ctx.db, row);
  return toInfo(row);
}

/** Options for a usernameless sign-in. */
export async function loginOptions(ctx: Deps, rp: RelyingParty): Promise<OptionsJson> {
  const options = await (
    await webauthn()
  ).generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'required', timeout: CHALLENGE_TTL_MS });
  await saveChallenge(ctx, options.challenge, 'login', null);
  return { ...options };
}

/**
 * Checks a sign-in response. Returns the user and the passkey used; every failure (unknown
 * passkey, bad signature, disabled user) is the same 401 as a wrong password.
 */
export async function verifyPasskeyLogin(
  ctx: Deps,
  rp: RelyingParty,
  body: PasskeyLoginBody,
): Promise<{ user: User; passkeyId: string }> {
  const response = body.response as unknown as AuthenticationResponseJSON;
  const passkey = await store.findPasskeyByCredentialId(ctx.db, response.id);
  if (!passkey) throw invalidCredentials();
  // The authenticator names the account it signed for; it must be the passkey's owner.
  const handle = response.response.userHandle;
  if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId)
    throw invalidCredentials();
  let verification;
  try {
    verification = await (
      await webauthn()
    ).verifyAuthenticationResponse({
      response,
      expectedChallenge: consume(ctx, 'login', null),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: toBytes(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: parseTransports(passkey.transports) ?? [],
      },
    });
  } catch {
    throw invalidCredentials();
  }
  if (!verification.verified) throw invalidCredentials();
  const user = await getActiveUser(ctx, passkey.userId);
  if (!user) throw invalidCredentials();
  await store.touchPasskey(ctx.db, passkey.id, verification.authenticationInfo.newCounter, new Date().toISOString());
  return { user, passkeyId: passkey.id };
}

/** Renames one of the user's passkeys. @throws 404 when it is not theirs */
export async function renamePasskey(ctx: Deps, userId: string, id: string, name: string): Promise<PasskeyInfo> {
  if (!(await store.renamePasskey(ctx.db, userId, id, name))) throw notFound('That passkey');
  const row = await store.findUserPasskey(ctx.db, userId, id);
  if (!row) throw notFound('That passkey');
  return toInfo(row);
}

/** Removes one of the user's passkeys. @throws 404 when it is not theirs */
export async function removePasskey(ctx: Deps, userId: string, id: string): Promise<void> {
  if (!(await store.deletePasskey(ctx.db, userId, id))) throw notFound('That passkey');
}
