/** GET /api/admin/audit (the security log), GET/PATCH /api/admin/settings and GET /api/admin/warnings. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminSettings, AdminSettingsPatch, AdminWarnings, AuditList, AuditQuery } from '#common/admin';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { listAudit } from '#server/safety/audit';
import { getSettings, updateSettings } from '#server/accounts/invites';
import { UNTRUSTED_PROXY_MESSAGE } from '#server/security/proxy-check';

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

  app.get(
    '/api/admin/warnings',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'Problems with the setup to show the admin', response: { 200: AdminWarnings } },
    },
    async (request) => {
      requireAdmin(request);
      const since = ctx.proxyCheck.untrustedProxySeenAt;
      return { items: since ? [{ code: 'untrusted_proxy' as const, message: UNTRUSTED_PROXY_MESSAGE, since }] : [] };
    },
  );
};
