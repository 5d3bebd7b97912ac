/**
 * `GET /api/ws`: the one WebSocket of a client. Needs a signed-in caller and an Origin that is
 * this server (a page on another site must not ride the user's cookie); both are checked before
 * the upgrade, so a refused client gets a plain 401/403.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { forbidden, HttpError } from '#server/errors';

/** Whether the request's Origin is this server, as the browser reached it (http or https). */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  const host = request.host;
  if (!origin || !host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

export const realtimeRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  const hub = ctx.sockets;
  app.addHook('onClose', async () => hub.close());

  app.route({
    method: 'GET',
    url: '/api/ws',
    schema: { hide: true },
    preValidation: async (request) => {
      requireUser(request);
      if (!isSameOrigin(request)) throw forbidden('WebSocket connections must come from this server’s own pages.');
    },
    wsHandler: (socket, request) => {
      const auth = request.auth;
      // The session it came with: when that session ends (sign-out, password change), it closes.
      hub.add(socket, requireUser(request).id, auth?.via === 'session' ? auth.credentialId : null);
    },
    // A plain GET without the upgrade: an answer in the usual error envelope, not a bare 404.
    handler: async () => {
      throw new HttpError(
        426,
        'validation_failed',
        'This address speaks WebSocket only: connect with a WebSocket client.',
      );
    },
  });
};
