/**
 * The session cookie and the shared end of every sign-in (login, setup): start a session, set
 * the cookie, answer `{user, csrfToken}`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionReply, User } from '#common/auth';
import type { AppContext } from '#server/context';
import { createSession } from './sessions';

/** The cookie's name over plain http (a home LAN). */
export const SESSION_COOKIE = 'hearth_session';
/**
 * The name over https: the `__Host-` prefix makes the browser insist on Secure, Path=/ and no
 * Domain, so a sibling host cannot plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Whether this request's cookie must be Secure (config HEARTH_SECURE_COOKIES). */
export function wantsSecureCookie(ctx: Pick<AppContext, 'config'>, request: FastifyRequest): boolean {
  const mode = ctx.config.secureCookies;
  return mode === 'always' || (mode === 'auto' && request.protocol === 'https');
}

/** The session token the request carries, and under which cookie name, or null. */
export function readSessionCookie(request: FastifyRequest): { name: string; token: string } | null {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const token = request.cookies[name];
    if (token) return { name, token };
  }
  return null;
}

/** Tells the browser to forget the session cookie(s) it sent. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    if (request.cookies[name] === undefined) continue;
    const secure = name === SECURE_SESSION_COOKIE;
    void reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  }
}

/** Starts a session for `user`, sets its cookie and returns the sign-in reply. */
export async function signIn(
  ctx: Pick<AppContext, 'db' | 'config'>,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<SessionReply> {
  const { token, session } = await createSession(ctx, user.id, {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  const secure = wantsSecureCookie(ctx, request);
  void reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    // The browser may drop it at the absolute expiry; the server enforces both expiries anyway.
    maxAge: Math.floor(ctx.config.sessionMaxMs / 1000),
  });
  return { user, csrfToken: session.csrfToken };
}
