/**
 * Every route of the admin console (role admin; a member gets 403, nobody signed in 401; API
 * tokens of scope `admin` only). No admin route exposes anyone's conversation content. (The
 * public side of invites, sign-up, is accounts/signup-routes.ts.)
 *
 * These files are thin on purpose: HTTP in, the administered feature's functions out. The
 * logic lives with what it administers — users, allow-lists, invites and sign-up in accounts/
 * (admin-users.ts, permissions.ts, invites.ts), model servers in providers/connections.ts,
 * tasks in tasks/service.ts, the audit log in safety/ — so each feature's rules and tables
 * stay in one folder, and the admin console is one place to read the admin's HTTP surface.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '#server/context';
import { adminAuditRoutes } from './audit-routes';
import { adminConnectionRoutes } from './connections-routes';
import { inviteRoutes } from './invites-routes';
import { adminMusicRoutes } from './music-routes';
import { adminTaskRoutes } from './tasks-routes';
import { adminUserRoutes } from './users-routes';
import { adminFirstRunRoutes } from './first-run-routes';

export const adminRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, opts) => {
  await app.register(adminUserRoutes, opts);
  await app.register(adminConnectionRoutes, opts);
  await app.register(adminTaskRoutes, opts);
  await app.register(adminAuditRoutes, opts);
  await app.register(inviteRoutes, opts);
  await app.register(adminMusicRoutes, opts);
  await app.register(adminFirstRunRoutes, opts);
};
