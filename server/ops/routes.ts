/**
 * Operations: `/healthz` (the process is up), `/readyz` (database reachable, model servers'
 * state) and `/metrics` (Prometheus text; admin or localhost only).
 */
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '#server/context';
import { ALL_TOKEN_SCOPES } from '#common/auth';
import { forbidden } from '#server/errors';
import { renderMetrics } from './metrics';
import { version } from '../../package.json';

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

export const opsRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  // The version lets `hearth chat`'s /status say which Hearth answers.
  app.get('/healthz', { config: { tokenScopes: ALL_TOKEN_SCOPES }, schema: { hide: true } }, async () => ({
    status: 'ok',
    version,
  }));

  app.get('/readyz', { config: { tokenScopes: ALL_TOKEN_SCOPES }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
    const models = await ctx.models.list();
    return {
      status: 'ok',
      database: 'ok',
      modelServers: models.servers.map((s) => ({ name: s.name, reachable: s.reachable, models: s.modelCount })),
    };
  });

  app.get('/metrics', { config: { tokenScopes: ['admin'] }, schema: { hide: true } }, async (request, reply) => {
    if (!isLoopback(request.ip) && request.auth?.user.role !== 'admin') {
      throw forbidden('Metrics are for admins and for this machine only.');
    }
    return reply.type('text/plain; version=0.0.4').send(renderMetrics(ctx));
  });
};
