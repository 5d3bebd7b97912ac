/** Invites, the admin's side: list, create (the link is shown once), revoke. The public side is accounts/signup-routes.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreatedInvite, CreateInviteBody, IdParams, InviteList } from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { createInvite, listInvites, revokeInvite } from '#server/accounts/invites';

const tags = ['admin'];

export const inviteRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/invites',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Every invite, newest first (never the tokens)', response: { 200: InviteList } },
    },
    async (request) => {
      requireAdmin(request);
      return listInvites(ctx);
    },
  );

  app.post(
    '/api/admin/invites',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Create a one-time invite link; its token is shown once',
        body: CreateInviteBody,
        response: { 201: CreatedInvite },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const origin = `${request.protocol}://${request.host}`;
      return reply
        .status(201)
        .send(await createInvite(ctx, { actorId: admin.id, ip: request.ip }, request.body, origin));
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
};
