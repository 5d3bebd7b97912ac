/**
 * The one-time setup link: when no account exists at start, main.ts prints
 * `<url>/setup?token=…`; whoever opens it creates the first admin and is signed in. The token
 * lives in memory only (hashed), dies when used, and with the process.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SessionReply, SetupBody, SetupStatus } from '#common/auth';
import type { AppContext, RouteOptions } from '#server/context';
import { createUser, hasUsers } from '#server/accounts/service';
import { conflict, forbidden } from '#server/errors';
import { randomSecret, safeEqual, sha256 } from './secrets';
import { signIn } from './signin';
import { auditRequest } from '#server/safety/audit';

/** The live setup token of a process: its hash, or null. One per AppContext (`ctx.setup`). */
export type SetupTokenSlot = { hash: string | null };

/**
 * Makes the setup token when no user exists and returns it (to print); null when users exist.
 * A second call replaces the first token.
 */
export async function ensureSetupToken(ctx: AppContext): Promise<string | null> {
  if (await hasUsers(ctx)) {
    ctx.setup.hash = null;
    return null;
  }
  const token = randomSecret();
  ctx.setup.hash = sha256(token);
  return token;
}

/** Whether the setup page should be offered: no users and a live token. */
export async function setupNeeded(ctx: AppContext): Promise<boolean> {
  return ctx.setup.hash !== null && !(await hasUsers(ctx));
}

/** GET/POST /api/setup. */
export const setupRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/setup',
    { schema: { tags: ['auth'], summary: 'Whether first-admin setup is open', response: { 200: SetupStatus } } },
    async () => ({ needed: await setupNeeded(ctx), memory: ctx.config.memory }),
  );

  app.post(
    '/api/setup',
    {
      config: { csrf: false, rateLimitClass: 'signIn' },
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin with the one-time setup token, and sign in',
        body: SetupBody,
        response: { 200: SessionReply },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (await hasUsers(ctx)) throw conflict('Hearth is already set up. Sign in instead.');
      const hash = ctx.setup.hash;
      if (!hash || !safeEqual(sha256(body.token), hash)) {
        throw forbidden(
          'This setup link is wrong or was already used. Restart Hearth for a new one, or run `hearth user add <name> --admin`.',
        );
      }
      // Taken before any await, so two racing requests cannot both use it.
      ctx.setup.hash = null;
      try {
        const user = await createUser(ctx, {
          username: body.username,
          password: body.password,
          displayName: body.displayName,
          role: 'admin',
        });
        await auditRequest(ctx, request, {
          action: 'setup.completed',
          actorId: user.id,
          target: user.id,
          detail: { username: user.username },
        });
        return await signIn(ctx, request, reply, user);
      } catch (err) {
        if (!(await hasUsers(ctx)) && ctx.setup.hash === null) ctx.setup.hash = hash;
        throw err;
      }
    },
  );
};
