/**
 * Every route of the admin console (role admin; a member gets 403, nobody signed in 401) and
 * the public invite/sign-up routes. No admin route exposes anyone's conversation content.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '#server/context';
import { adminAuditRoutes } from './audit-routes';
import { adminConnectionRoutes } from './connections-routes';
import { inviteRoutes } from './invites-routes';
import { adminTaskRoutes } from './tasks-routes';
import { adminUserRoutes } from './users-routes';

export const adminRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, opts) => {
  await app.register(adminUserRoutes, opts);
  await app.register(adminConnectionRoutes, opts);
  await app.register(adminTaskRoutes, opts);
  await app.register(adminAuditRoutes, opts);
  await app.register(inviteRoutes, opts);
};
