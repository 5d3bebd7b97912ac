/**
 * Sign-up with an invite, the public side: GET /api/invites/:token (may this link sign up?)
 * and POST /api/auth/signup (create the account and sign in, like login). The admin makes the
 * invites (admin/invites-routes.ts); the rules are in ./invites.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { InviteStatus, InviteTokenParams, SignupBody } from '#common/admin';
import { SessionReply } from '#common/auth';
import type { RouteOptions } from '#server/context';
import { signIn } from '#server/auth/signin';
import { inviteStatus, signUpWithInvite } from './invites';

export const signupRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/invites/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether an invite link can be used to sign up now',
        params: InviteTokenParams,
        response: { 200: InviteStatus },
      },
    },
    async (request) => inviteStatus(ctx, request.params.token),
  );

  app.post(
    '/api/auth/signup',
    {
      config: { csrf: false, rateLimitClass: 'signIn' },
      schema: {
        tags: ['auth'],
        summary: 'Create your account with an invite link and sign in; the invite dies',
        body: SignupBody,
        response: { 200: SessionReply },
      },
    },
    async (request, reply) => {
      const user = await signUpWithInvite(ctx, request.body, request.ip);
      return signIn(ctx, request, reply, user);
    },
  );
};
