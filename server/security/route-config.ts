/**
 * Facts a route states about itself, in its Fastify `config`, instead of central lists of route
 * strings that a new route could silently miss. The hooks that act on them (auth/hook.ts,
 * security/rate-limits.ts, generation/pacing.ts) read `request.routeOptions.config`; the
 * security tests read them from the route table (security/index.ts).
 *
 * ```ts
 * app.post('/api/conversations/:id/messages', {
 *   config: { tokenScopes: ['chat'], rateLimitClass: 'chat', paced: true },
 *   bodyLimit: LARGE_BODY_LIMIT,
 *   schema: { … },
 * }, handler);
 * ```
 */
import type { FastifyRequest } from 'fastify';
import type { TokenScope } from '#common/auth';

/** The rate limit a route counts against besides the general one (security/rate-limits.ts). */
export type RateLimitClass = 'signIn' | 'chat' | 'data';

/** What a route may say about itself. Every field is optional; the default is the strict one. */
export type RouteFacts = {
  /**
   * API token scopes this route accepts. Default: none — a bearer token gets 403 `token_scope`
   * (a session cookie is unaffected). The route's own guards still decide who may call it.
   */
  tokenScopes?: readonly TokenScope[];
  /**
   * false: a cookie request that changes state needs no X-CSRF-Token. Only for sign-in routes,
   * which do not act with a session's authority and must work while the browser holds an old
   * session's cookie. Default: checked.
   */
  csrf?: boolean;
  /** Counted against this rate limit too (sign-in attempts, chat sends, whole-history moves). */
  rateLimitClass?: RateLimitClass;
  /** Starts a model reply: waits for its turn before any other work (generation/pacing.ts). */
  paced?: boolean;
};

declare module 'fastify' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions, @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteFacts {}
}

/**
 * The body limit of routes that take long text (a pasted document in a message, an imported
 * export, a /v1 request with a long history): the app-wide one. Set as the route's `bodyLimit`;
 * a route that sets none gets DEFAULT_ROUTE_BODY_LIMIT (security/index.ts).
 */
export const LARGE_BODY_LIMIT = 8 * 1024 * 1024;

/** The facts of the route a request matched (empty for no route: the 404 handler). */
export function routeFacts(request: FastifyRequest): RouteFacts {
  return request.routeOptions.config;
}
