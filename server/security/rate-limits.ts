/**
 * Request rate limits with @fastify/rate-limit, in fixed one-minute windows:
 * - sign-in (password, passkey, setup, sign-up) per client address — slows guessing across
 *   accounts; failed passwords are also backed off per account by auth/throttle.ts;
 * - chat sends per user (a new message, regenerate, edit, /v1 completions) — protects the
 *   model server from a runaway script, far above what a person types;
 * - imports and full-data exports per user — each reads or writes a whole history;
 * - every API call per user (or per address when signed out) — generous, against floods.
 * Over a limit: 429 `rate_limited` with Retry-After, in the usual error envelope.
 * Limits come from config (HEARTH_RATE_LIMIT_*_PER_MINUTE; 0 turns one off).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { AppContext } from '#server/context';
import { rateLimited } from '#server/errors';

/** Routes counted as sign-in attempts ("METHOD url" as registered). */
export const SIGN_IN_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/auth/login',
  'POST /api/setup',
  'POST /api/auth/passkeys/login/options',
  'POST /api/auth/passkeys/login/verify',
  'POST /api/auth/signup',
]);

/** Routes counted as chat sends: each one starts a model reply. */
export const CHAT_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/conversations/:id/messages',
  'POST /api/messages/:id/regenerate',
  'POST /api/messages/:id/edit',
  'POST /v1/chat/completions',
]);

/** Routes that move a whole history: importing a file, downloading all of one's data. */
export const DATA_ROUTES: ReadonlySet<string> = new Set(['POST /api/conversations/import', 'GET /api/me/export']);

/** Paths under the general API limit (not the web app's static files, not /healthz). */
const API_PREFIXES = ['/api/', '/v1/'];

const WINDOW_MS = 60_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** The address part of a key; IPv6 clients are grouped by /64 (one household's prefix). */
const ipKey = (request: FastifyRequest) => `ip:${normalizeIP(request.ip)}`;
/** A signed-in caller is counted as themself on whichever device; others by address. */
const callerKey = (request: FastifyRequest) => (request.auth ? `user:${request.auth.user.id}` : ipKey(request));

/** Registers the plugin and the hook that applies the three limits. Call after the auth hook. */
export async function registerRateLimits(app: FastifyInstance, ctx: Pick<AppContext, 'config' | 'rateLimitStore'>): Promise<void> {
  // global: false — the limits are applied by the one hook below, which knows the caller.
  // The store is the context's (a shared one when scaled out), else the plugin's in memory.
  await app.register(rateLimit, { global: false, ...(ctx.rateLimitStore ? { store: ctx.rateLimitStore } : {}) });
  const limits = ctx.config.rateLimits;
  const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string): Limiter | null =>
    max > 0 ? app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator }) : null;
  const api = limiter(limits.apiPerMinute, callerKey);
  const signIn = limiter(limits.signInPerMinute, ipKey);
  const chat = limiter(limits.chatPerMinute, callerKey);
  const data = limiter(limits.dataPerMinute, callerKey);

  const enforce = async (limit: Limiter | null, request: FastifyRequest, message: string) => {
    if (!limit) return;
    const result = await limit(request);
    if (!result.isAllowed && result.isExceeded) throw rateLimited(Math.max(1, result.ttlInSeconds), message);
  };

  // After the auth hook (registered first), so `request.auth` names the caller.
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!API_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (SIGN_IN_ROUTES.has(route)) {
      await enforce(signIn, request, 'Too many sign-in attempts from this device. Wait a minute and try again.');
    }
    if (CHAT_ROUTES.has(route)) {
      await enforce(chat, request, 'You are sending messages faster than Hearth allows. Wait a moment and try again.');
    }
    if (DATA_ROUTES.has(route)) {
      await enforce(data, request, 'Too many imports or exports in a row. Wait a minute and try again.');
    }
    await enforce(api, request, 'Too many requests. Wait a moment and try again.');
  });
}
