/** GET /api/admin/audit (the security log) and GET/PATCH /api/admin/settings. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminSettings, AdminSettingsPatch, AuditList, AuditQuery } from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { listAudit } from '#server/safety/audit';
import { getSettings, updateSettings } from '#server/accounts/invites';

const tags = ['admin'];

export const adminAuditRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/audit',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Security events, newest first; filters combine',
        querystring: AuditQuery,
        response: { 200: AuditList },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listAudit(ctx, request.query);
    },
  );

  app.get(
    '/api/admin/settings',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Server-wide settings (sign-up mode)', response: { 200: AdminSettings } },
    },
    async (request) => {
      requireAdmin(request);
      return getSettings(ctx);
    },
  );

  app.patch(
    '/api/admin/settings',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Change server-wide settings',
        body: AdminSettingsPatch,
        response: { 200: AdminSettings },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return updateSettings(ctx, { actorId: admin.id, ip: request.ip }, request.body);
    },
  );
};
