/**
 * Fills `request.auth` before any route runs: from `Authorization: Bearer hearth_…` (API
 * token) or from the session cookie. A cookie-authenticated request that changes state must
 * carry the session's CSRF token in `X-CSRF-Token` (bearer requests are exempt: a browser
 * never adds that header on its own).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '#server/context';
import { csrfFailed } from '#server/errors';
import { resolveApiToken } from './api-tokens';
import { safeEqual } from './secrets';
import { resolveSession } from './sessions';
import { clearSessionCookie, readSessionCookie } from './signin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sign-in routes are exempt from the CSRF check: they do not act with the session's
 * authority, and they must work when a browser still holds an older session's cookie.
 */
const CSRF_EXEMPT_ROUTES = new Set([
  '/api/auth/login',
  '/api/setup',
  '/api/auth/signup',
  '/api/auth/passkeys/login/options',
  '/api/auth/passkeys/login/verify',
]);

/** The bearer secret of an `Authorization` header, or null when there is none. */
function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Registers `request.auth` and the hook that fills it. */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (request, reply) => {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== null) {
      // A bad token stays signed out; falling back to a cookie would hide the mistake.
      const resolved = await resolveApiToken(ctx, bearer);
      if (resolved) {
        request.auth = { user: resolved.user, via: 'token', credentialId: resolved.tokenId, csrfToken: null };
      }
      return;
    }

    const cookie = readSessionCookie(request);
    if (!cookie) return;
    const resolved = await resolveSession(ctx, cookie.token);
    if (!resolved) {
      clearSessionCookie(request, reply);
      return;
    }
    const { session, user } = resolved;
    request.auth = { user, via: 'session', credentialId: session.id, csrfToken: session.csrfToken };

    if (SAFE_METHODS.has(request.method) || CSRF_EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return;
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) throw csrfFailed();
  });
}
