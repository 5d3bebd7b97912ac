/** `GET /api/me/usage` (your own counters) and `GET /api/admin/usage` (everyone's, admins only). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminUsageReply, MyLimitsReply, MyUsageReply, UsageQuery } from '#common/usage';
import type { RouteOptions } from '#server/context';
import { requireAdmin, requireUser } from '#server/auth/guards';
import { householdUsage, myUsage } from './usage';

const tags = ['usage'];

export const usageRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/me/usage',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags,
        summary: 'Your replies and tokens per day (web chat and the /v1 gateway)',
        querystring: UsageQuery,
        response: { 200: MyUsageReply },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return myUsage(ctx.db, user.id, request.query.days, ctx.config.timeZone);
    },
  );

  app.get(
    '/api/me/limits',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags,
        summary: 'What is left of your chat limit this minute (read without counting against it)',
        response: { 200: MyLimitsReply },
      },
    },
    async (request) => {
      requireUser(request);
      return { chat: await app.chatAllowance(request) };
    },
  );

  app.get(
    '/api/admin/usage',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags: ['admin', ...tags],
        summary: "Every member's replies and tokens over a range of days (admins only)",
        querystring: UsageQuery,
        response: { 200: AdminUsageReply },
      },
    },
    async (request) => {
      requireAdmin(request);
      return householdUsage(ctx.db, request.query.days, ctx.config.timeZone);
    },
  );
};
