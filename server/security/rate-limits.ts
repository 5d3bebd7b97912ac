/**
 * Request rate limits with @fastify/rate-limit, in fixed one-minute windows:
 * - sign-in (password, passkey, setup, sign-up) per client address — slows guessing across
 *   accounts; failed passwords are also backed off per account by auth/throttle.ts;
 * - chat sends per user (a new message, regenerate, edit, /v1 completions) — protects the
 *   model server from a runaway script, far above what a person types;
 * - imports and full-data exports per user — each reads or writes a whole history;
 * - every API call per user (or per address when signed out) — generous, against floods.
 * A route says which of the first three it counts against with `config.rateLimitClass`
 * (security/route-config.ts).
 * Over a limit: 429 `rate_limited` with Retry-After, in the usual error envelope.
 * Limits come from config (HEARTH_RATE_LIMIT_*_PER_MINUTE; 0 turns one off).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { AppContext } from '#server/context';
import { rateLimited } from '#server/errors';
import { routeFacts, type RateLimitClass } from './route-config';

/** Paths under the general API limit (not the web app's static files, not /healthz). */
const API_PREFIXES = ['/api/', '/v1/'];

const WINDOW_MS = 60_000;

declare module 'fastify' {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyInstance {
    /** Counts `request` against its caller's chat limit; throws 429 `rate_limited` over it. */
    enforceChatLimit(request: FastifyRequest): Promise<void>;
    /** What is left of the caller's chat limit this minute, without counting; null: no limit. */
    chatAllowance(request: FastifyRequest): Promise<{ perMinute: number; remaining: number; resetAt: string } | null>;
  }
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** The address part of a key; IPv6 clients are grouped by /64 (one household's prefix). */
const ipKey = (request: FastifyRequest) => `ip:${normalizeIP(request.ip)}`;
/** A signed-in caller is counted as themself on whichever device; others by address. */
const callerKey = (request: FastifyRequest) => (request.auth ? `user:${request.auth.user.id}` : ipKey(request));

/** Registers the plugin and the hook that applies the three limits. Call after the auth hook. */
export async function registerRateLimits(
  app: FastifyInstance,
  ctx: Pick<AppContext, 'config' | 'rateLimitStore'>,
): Promise<void> {
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
  const classes: Record<RateLimitClass, { limit: Limiter | null; message: string }> = {
    signIn: { limit: signIn, message: 'Too many sign-in attempts from this device. Wait a minute and try again.' },
    chat: { limit: chat, message: 'You are sending messages faster than Hearth allows. Wait a moment and try again.' },
    data: { limit: data, message: 'Too many imports or exports in a row. Wait a minute and try again.' },
  };

  // A send that starts a reply without being a chat route (`@assistant` in a room message)
  // counts against the same per-user chat limit, from inside its handler.
  app.decorate('enforceChatLimit', (request: FastifyRequest) =>
    enforce(classes.chat.limit, request, classes.chat.message),
  );

  app.decorate('chatAllowance', async (request: FastifyRequest) => {
    if (!chat) return null;
    const result = await chat(request, { increment: false });
    if (result.isAllowed) return null; // an allow-listed caller: not counted at all
    // ttl is 0 before the caller's first send in a window: then the whole minute is theirs.
    const left = result.ttl > 0 ? result.remaining : limits.chatPerMinute;
    return {
      perMinute: limits.chatPerMinute,
      remaining: Math.max(0, left),
      resetAt: new Date(Date.now() + (result.ttl > 0 ? result.ttl : WINDOW_MS)).toISOString(),
    };
  });

  // After the auth hook (registered first), so `request.auth` names the caller.
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!API_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
    const kind = routeFacts(request).rateLimitClass;
    if (kind) await enforce(classes[kind].limit, request, classes[kind].message);
    await enforce(api, request, 'Too many requests. Wait a moment and try again.');
  });
}
