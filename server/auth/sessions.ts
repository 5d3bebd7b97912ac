/**
 * Browser sessions: an opaque random token in an HttpOnly cookie, stored only as its sha256,
 * each with its own CSRF token. Sessions die on logout, on idle timeout, at their absolute
 * expiry, when the user is disabled, and when the password changes (other sessions). Every end
 * is published as `session.ended`, so the sockets opened with those sessions close, on every
 * process.
 */
import type { SessionInfo, User } from '#common/auth';
import type { AppContext } from '#server/context';
import { getActiveUser } from '#server/accounts/service';
import { newId } from '#server/db/ids';
import type { SessionRow } from '#server/db/schema';
import { notFound } from '#server/errors';
import { randomSecret, sha256 } from './secrets';
import * as store from './store';

/** Activity is written at most this often, so a busy client does not write on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

type SessionDeps = Pick<AppContext, 'db' | 'config'>;
/** Ending sessions: the database, and the bus `session.ended` goes on. */
type EndDeps = Pick<AppContext, 'db' | 'bus'>;

/** A new session: the cookie token (never stored) and the row. */
export type NewSession = { token: string; session: SessionRow };

/** Starts a session for `userId`. */
export async function createSession(
  ctx: SessionDeps,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<NewSession> {
  const token = randomSecret();
  const now = Date.now();
  const session: SessionRow = {
    id: newId(now),
    tokenHash: sha256(token),
    userId,
    csrfToken: randomSecret(),
    createdAt: new Date(now).toISOString(),
    lastSeenAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ctx.config.sessionMaxMs).toISOString(),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
  };
  await store.insertSession(ctx.db, session);
  // Sessions nobody presents again would otherwise stay forever; sign-ins are rare enough.
  await store.deleteExpiredSessions(ctx.db, session.createdAt);
  return { token, session };
}

/**
 * The live session and its user for a cookie token, or null. A dead session (expired, idle too
 * long, user gone or disabled) is deleted on the way.
 */
export async function resolveSession(
  ctx: SessionDeps & EndDeps,
  token: string,
): Promise<{ session: SessionRow; user: User } | null> {
  const tokenHash = sha256(token);
  const session = await store.findSessionByTokenHash(ctx.db, tokenHash);
  if (!session) return null;
  const user = await getActiveUser(ctx, session.userId);
  const now = Date.now();
  if (!user || isDead(ctx, session, now)) {
    await store.deleteSession(ctx.db, session.id);
    ctx.bus.emit('session.ended', { userId: session.userId, sessionIds: [session.id] });
    return null;
  }
  if (now - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    const lastSeenAt = new Date(now).toISOString();
    await store.setSessionTimes(ctx.db, session.id, { lastSeenAt });
    return { session: { ...session, lastSeenAt }, user };
  }
  return { session, user };
}

/** Whether a session row is past its absolute expiry or idle too long. */
function isDead(ctx: Pick<AppContext, 'config'>, session: SessionRow, now: number): boolean {
  return Date.parse(session.expiresAt) <= now || Date.parse(session.lastSeenAt) + ctx.config.sessionIdleMs <= now;
}

/** The user's live sessions, newest first; `currentId` marks the caller's own. */
export async function listSessions(ctx: SessionDeps, userId: string, currentId: string | null): Promise<SessionInfo[]> {
  const now = Date.now();
  const rows = await store.listUserSessions(ctx.db, userId);
  return rows
    .filter((row) => !isDead(ctx, row, now))
    .map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === currentId,
    }));
}

/** Ends one of the user's sessions. @throws 404 when it is not theirs (or does not exist) */
export async function endOwnSession(ctx: EndDeps, userId: string, sessionId: string): Promise<void> {
  if (!(await store.deleteUserSession(ctx.db, userId, sessionId))) throw notFound('That session');
  ctx.bus.emit('session.ended', { userId, sessionIds: [sessionId] });
}

/** Ends one session of `userId` (logout, or a new sign-in replacing it). */
export async function endSession(ctx: EndDeps, userId: string, sessionId: string): Promise<void> {
  await store.deleteSession(ctx.db, sessionId);
  ctx.bus.emit('session.ended', { userId, sessionIds: [sessionId] });
}

/**
 * Ends every session of a user, except `exceptSessionId` (the caller's own, after a password
 * change). For the admin console (disable, role change) and `hearth user set-password`.
 * @returns how many sessions ended
 */
export async function endUserSessions(ctx: EndDeps, userId: string, exceptSessionId?: string): Promise<number> {
  const ended = await store.deleteUserSessions(ctx.db, userId, exceptSessionId);
  ctx.bus.emit('session.ended', { userId, ...(exceptSessionId ? { keptSessionId: exceptSessionId } : {}) });
  return ended;
}

/** When each user was last active, from their sessions (the admin's user list). */
export async function lastSeenByUser(
  ctx: Pick<AppContext, 'db'>,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  return store.lastSeenByUser(ctx.db, userIds);
}

/** How many sessions and API tokens a user has: what deleting the account ends. */
export async function countCredentials(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
): Promise<{ sessions: number; apiTokens: number }> {
  return store.countCredentials(ctx.db, userId);
}
