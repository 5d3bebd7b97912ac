/**
 * Who is calling. The auth hook (auth/hook.ts) fills `request.auth` from the session cookie or a
 * Bearer API token before any route runs; routes call these guards first thing.
 */
import type { FastifyRequest } from 'fastify';
import type { TokenScope, User } from '#common/auth';
import { forbidden, unauthorized } from '#server/errors';

/** How the caller proved who they are. */
export type AuthState = {
  user: User;
  via: 'session' | 'token';
  /** The session row id (via session) or API token id (via token). */
  credentialId: string;
  /** The session's CSRF token (via session only). */
  csrfToken: string | null;
  /** What the API token may call (via token only); the auth hook has checked it against the route. */
  tokenScope: TokenScope | null;
};

declare module 'fastify' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    /** null when the request carries no valid session or token. */
    auth: AuthState | null;
  }
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): User {
  if (!request.auth) throw unauthorized();
  return request.auth.user;
}

/** The signed-in admin, or 401/403. */
export function requireAdmin(request: FastifyRequest): User {
  const user = requireUser(request);
  if (user.role !== 'admin') throw forbidden('Only an admin can do that.');
  return user;
}
