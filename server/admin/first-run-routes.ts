/** GET/PATCH /api/admin/first-run: the first-run guide on the admin's home screen. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { FirstRunPatch, FirstRunState } from '#common/first-run';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { setFirstRunDismissed } from '#server/accounts/first-run-setting';
import { firstRunState } from '#server/firstrun/service';
import type { RequestOrigin } from '#server/firstrun/addresses';

const tags = ['admin'];

/** The scheme and port this request reached Hearth on (for the family's sign-in addresses). */
const originOf = (request: FastifyRequest): RequestOrigin => ({
  protocol: request.protocol === 'https' ? 'https' : 'http',
  port: request.port ?? null,
});

export const adminFirstRunRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/admin/first-run',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary:
          'The first-run guide: its steps (from real state), detected model servers, addresses for sign-in cards',
        response: { 200: FirstRunState },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return firstRunState(ctx, admin.id, originOf(request));
    },
  );

  app.patch(
    '/api/admin/first-run',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Hide the first-run guide before its steps are done (or show it again)',
        body: FirstRunPatch,
        response: { 200: FirstRunState },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      await setFirstRunDismissed(ctx, request.body.dismissed);
      return firstRunState(ctx, admin.id, originOf(request));
    },
  );
};
