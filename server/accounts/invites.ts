/**
 * Optional sign-up: off unless an admin turns on invite mode, and then only with a one-time
 * invite link that expires. The invite token is shown once and stored as its sha256; using it
 * creates the account and kills the invite.
 */
import type {
  AdminSettings,
  AdminSettingsPatch,
  CreatedInvite,
  CreateInviteBody,
  Invite,
  InviteList,
  InviteStatus,
  SignupBody,
} from '#common/admin';
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { createUser, listUsers } from './service';
import { randomSecret, sha256 } from '#server/auth/secrets';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { HttpError, notFound } from '#server/errors';
import { audit, type Actor } from '#server/safety/audit';
import * as store from './access-store';

const SIGNUP_MODE = 'signupMode';

/** The server-wide settings an admin controls. */
export async function getSettings(ctx: Pick<AppContext, 'db'>): Promise<AdminSettings> {
  const raw = await store.readSetting(ctx.db, SIGNUP_MODE);
  return { signupMode: raw === JSON.stringify('invite') ? 'invite' : 'off' };
}

/** Changes settings; returns them. */
export async function updateSettings(ctx: AppContext, actor: Actor, patch: AdminSettingsPatch): Promise<AdminSettings> {
  const before = await getSettings(ctx);
  if (patch.signupMode !== undefined && patch.signupMode !== before.signupMode) {
    await store.writeSetting(ctx.db, SIGNUP_MODE, JSON.stringify(patch.signupMode), nowIso());
    await audit(ctx, { ...actor, action: 'settings.updated', detail: { signupMode: patch.signupMode } });
  }
  return getSettings(ctx);
}

/** 403 `invite_invalid`: no such invite, or sign-up is off. */
const inviteInvalid = () =>
  new HttpError(403, 'invite_invalid', 'This invite link is not valid. Ask whoever runs Hearth for a new one.');
/** 410 `invite_expired`: the invite was used or ran out. */
const inviteExpired = () =>
  new HttpError(
    410,
    'invite_expired',
    'This invite link was already used or has expired. Ask whoever runs Hearth for a new one.',
  );

/** Makes a one-time invite; `origin` (e.g. http://hearth.local:8000) starts its URL. */
export async function createInvite(
  ctx: AppContext,
  actor: Actor,
  body: CreateInviteBody,
  origin: string,
): Promise<CreatedInvite> {
  const token = randomSecret();
  const now = Date.now();
  const row: store.InviteRow = {
    id: newId(now),
    tokenHash: sha256(token),
    role: body.role,
    supervised: body.supervised ? 1 : 0,
    createdBy: actor.actorId,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + body.expiresInHours * 3_600_000).toISOString(),
    usedAt: null,
    usedBy: null,
  };
  await store.insertInvite(ctx.db, row);
  await audit(ctx, {
    ...actor,
    action: 'invite.created',
    target: row.id,
    detail: { role: body.role, supervised: body.supervised, expiresAt: row.expiresAt },
  });
  return { id: row.id, url: `${origin}/signup?token=${encodeURIComponent(token)}`, token, expiresAt: row.expiresAt };
}

/** Every invite, newest first, with its state; never a token. */
export async function listInvites(ctx: AppContext): Promise<InviteList> {
  const [rows, users] = await Promise.all([store.listInviteRows(ctx.db), listUsers(ctx)]);
  const names = new Map(users.map((u) => [u.id, u.username]));
  const ref = (id: string | null) => (id ? { id, username: names.get(id) ?? null } : null);
  const now = nowIso();
  return {
    items: rows.map((r): Invite => ({
      id: r.id,
      role: r.role,
      supervised: r.supervised === 1,
      state: r.usedAt ? 'used' : r.expiresAt <= now ? 'expired' : 'active',
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      createdBy: ref(r.createdBy),
      usedAt: r.usedAt,
      usedBy: ref(r.usedBy),
    })),
  };
}

/** Deletes an invite (used or not). @throws 404 */
export async function revokeInvite(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await store.deleteInvite(ctx.db, id))) throw notFound('That invite');
  await audit(ctx, { ...actor, action: 'invite.revoked', target: id });
}

/** Whether a token would let someone sign up now (public: the sign-up page asks first). */
export async function inviteStatus(ctx: AppContext, token: string): Promise<InviteStatus> {
  if ((await getSettings(ctx)).signupMode !== 'invite') return { valid: false, reason: 'signup_off' };
  const row = await store.findInviteByHash(ctx.db, sha256(token));
  if (!row) return { valid: false, reason: 'unknown' };
  if (row.usedAt) return { valid: false, reason: 'used' };
  if (row.expiresAt <= nowIso()) return { valid: false, reason: 'expired' };
  return { valid: true };
}

/**
 * Creates the account an invite allows and kills the invite. Signing in is the route's job.
 * @throws 403 invite_invalid (unknown, or sign-up off), 410 invite_expired (used or expired),
 *   400/409 for the username and password (the invite stays usable then)
 */
export async function signUpWithInvite(ctx: AppContext, body: SignupBody, ip: string): Promise<User> {
  if ((await getSettings(ctx)).signupMode !== 'invite') throw inviteInvalid();
  const row = await store.findInviteByHash(ctx.db, sha256(body.token));
  if (!row) throw inviteInvalid();
  // Claimed atomically before the account exists: of two racing sign-ups only one proceeds.
  if (!(await store.claimInvite(ctx.db, row.id, nowIso()))) throw inviteExpired();
  let user: User;
  try {
    user = await createUser(ctx, {
      username: body.username,
      password: body.password,
      displayName: body.displayName,
      role: row.role,
      supervised: row.supervised === 1,
    });
  } catch (err) {
    // A taken username or a weak password is the new member's to fix: the invite stays good.
    await store.settleInvite(ctx.db, row.id, null);
    throw err;
  }
  await store.settleInvite(ctx.db, row.id, user.id);
  await audit(ctx, {
    actorId: user.id,
    ip,
    action: 'auth.signup',
    target: user.id,
    detail: { username: user.username, role: user.role, inviteId: row.id },
  });
  await audit(ctx, {
    actorId: user.id,
    ip,
    action: 'invite.used',
    target: row.id,
    detail: { username: user.username },
  });
  return user;
}
