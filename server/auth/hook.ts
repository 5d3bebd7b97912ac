/**
 * Fills `request.auth` before any route runs: from `Authorization: Bearer hearth_…` (API
 * token) or from the session cookie, and enforces the two facts a route states about callers:
 * - a token must have one of the scopes the route accepts (`config.tokenScopes`; none by
 *   default), else 403 `token_scope` — before the route reads its body or does any work;
 * - a cookie-authenticated request that changes state must carry the session's CSRF token in
 *   `X-CSRF-Token`, unless the route says `config: { csrf: false }` (bearer requests are
 *   exempt: a browser never adds that header on its own).
 * Then, before validation: admin routes (`/api/admin/…`) need an admin and other routes with a
 * body need a caller, so a bad body from someone who may not call the route gets 401/403.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenScope } from '#common/auth';
import type { AppContext } from '#server/context';
import { csrfFailed, tokenScopeRefused, unauthorized } from '#server/errors';
import { routeFacts } from '#server/security/route-config';
import { resolveApiToken } from './api-tokens';
import { checkTokenScope } from '#server/safety/family/gate';
import { requireAdmin } from './guards';
import { safeEqual } from './secrets';
import { resolveSession } from './sessions';
import { clearSessionCookie, readSessionCookie } from './signin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How a member names each scope in Settings → API tokens. */
const SCOPE_WORDS: Record<TokenScope, string> = {
  models: 'other apps (models only)',
  chat: 'terminal client (chat)',
  admin: 'admin',
};

/** Why a token of `scope` cannot call a route that accepts `accepted`. */
function scopeMessage(scope: TokenScope, accepted: readonly TokenScope[]): string {
  if (accepted.length === 0) return 'No API token can do this: sign in to the web app instead.';
  const needed = accepted.map((s) => `“${SCOPE_WORDS[s]}”`).join(' or ');
  return `This API token is for ${SCOPE_WORDS[scope]} and cannot do this: it needs a token for ${needed} (Settings → API tokens).`;
}

/** `hearth logout`: a token may always revoke itself, even one a guardian has turned off. */
const isSelfRevoke = (method: string, url: string) => method === 'DELETE' && url === '/api/auth/tokens/current';

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
      if (!resolved) return;
      // No matched route (the 404 handler): nothing to open or refuse.
      if (request.routeOptions.url !== undefined) {
        const accepted = routeFacts(request).tokenScopes ?? [];
        if (!accepted.includes(resolved.scope)) throw tokenScopeRefused(scopeMessage(resolved.scope, accepted));
        // A supervised member's token stops at once when a guardian disallows it; it may still end itself.
        if (!isSelfRevoke(request.method, request.routeOptions.url))
          await checkTokenScope(ctx, resolved.user, resolved.scope);
      }
      request.auth = {
        user: resolved.user,
        via: 'token',
        credentialId: resolved.tokenId,
        csrfToken: null,
        tokenScope: resolved.scope,
      };
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
    request.auth = { user, via: 'session', credentialId: session.id, csrfToken: session.csrfToken, tokenScope: null };

    if (SAFE_METHODS.has(request.method) || routeFacts(request).csrf === false) return;
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) throw csrfFailed();
  });

  // Who may call is settled before the body is validated: a caller who may not use the route
  // learns nothing about its fields (401/403, not a description of the schema).
  app.addHook('preValidation', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    if (url.startsWith('/api/admin/')) {
      requireAdmin(request);
      return;
    }
    // Routes anyone may call with a body are the sign-in ones, and they all say `csrf: false`.
    const takesBody = request.routeOptions.schema?.body !== undefined;
    if (!request.auth && takesBody && url.startsWith('/api/') && routeFacts(request).csrf !== false) {
      throw unauthorized();
    }
  });
}
