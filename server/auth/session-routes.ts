/**
 * The caller's own sessions: list them, end one, or "sign out everywhere else". Another user's
 * session id answers 404, like a missing one.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RevokedSessions, SessionList } from '#common/auth';
import type { RouteOptions } from '#server/context';
import { auditRequest } from '#server/safety/audit';
import { requireUser } from './guards';
import { endOwnSession, endUserSessions, listSessions } from './sessions';
import { clearSessionCookie } from './signin';

const tags = ['auth'];
const Params = z.object({ id: z.string().min(1).max(64).describe('Session id from GET /api/auth/sessions') });

export const sessionRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  /** The caller's session id when they came with a cookie (not an API token). */
  const currentSessionId = (auth: { via: string; credentialId: string } | null) =>
    auth?.via === 'session' ? auth.credentialId : null;

  app.get(
    '/api/auth/sessions',
    { schema: { tags, summary: 'Your signed-in sessions, newest first', response: { 200: SessionList } } },
    async (request) => {
      const user = requireUser(request);
      return { items: await listSessions(ctx, user.id, currentSessionId(request.auth)) };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    { schema: { tags, summary: 'End one of your sessions (your current one signs you out)', params: Params } },
    async (request, reply) => {
      const user = requireUser(request);
      await endOwnSession(ctx, user.id, request.params.id);
      await auditRequest(ctx, request, { action: 'auth.logout', target: user.id, detail: { scope: 'one session' } });
      if (request.params.id === currentSessionId(request.auth)) clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/sessions/revoke-others',
    {
      schema: {
        tags,
        summary: 'Sign out everywhere else: end every session but this one',
        response: { 200: RevokedSessions },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const revoked = await endUserSessions(ctx, user.id, currentSessionId(request.auth) ?? undefined);
      await auditRequest(ctx, request, {
        action: 'auth.logout',
        target: user.id,
        detail: { scope: 'other sessions', sessions: revoked },
      });
      return { revoked };
    },
  );
};
