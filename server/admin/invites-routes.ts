/**
 * Invites: the admin's /api/admin/invites, and the public side: GET /api/invites/:token (may
 * this link sign up?) and POST /api/auth/signup (create the account and sign in, like login).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreatedInvite, CreateInviteBody, IdParams, InviteList, InviteStatus, InviteTokenParams, SignupBody } from '#common/admin';
import { SessionReply } from '#common/auth';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { signIn } from '#server/auth/signin';
import { createInvite, inviteStatus, listInvites, revokeInvite, signUpWithInvite } from './invites';

const tags = ['admin'];

export const inviteRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/invites',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Every invite, newest first (never the tokens)', response: { 200: InviteList } } },
    async (request) => {
      requireAdmin(request);
      return listInvites(ctx);
    },
  );

  app.post(
    '/api/admin/invites',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Create a one-time invite link; its token is shown once', body: CreateInviteBody, response: { 201: CreatedInvite } } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const origin = `${request.protocol}://${request.host}`;
      return reply.status(201).send(await createInvite(ctx, { actorId: admin.id, ip: request.ip }, request.body, origin));
    },
  );

  app.delete(
    '/api/admin/invites/:id',
    { config: { tokenScopes: ['admin'] }, schema: { tags, summary: 'Revoke an invite', params: IdParams } },
    async (request, reply) => {
      const admin = requireAdmin(request);
      await revokeInvite(ctx, { actorId: admin.id, ip: request.ip }, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/invites/:token',
    { schema: { tags: ['auth'], summary: 'Whether an invite link can be used to sign up now', params: InviteTokenParams, response: { 200: InviteStatus } } },
    async (request) => inviteStatus(ctx, request.params.token),
  );

  app.post(
    '/api/auth/signup',
    { config: { csrf: false, rateLimitClass: 'signIn' },
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
