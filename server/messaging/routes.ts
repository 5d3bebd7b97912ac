/**
 * People chat's routes and live wiring (typing, presence), registered by app.ts as one plugin.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '#server/context';
import { messagingAdminRoutes } from './admin-routes';
import { startLive } from './live';
import { roomMessageRoutes } from './message-routes';
import { roomRoutes } from './room-routes';
import { searchRoutes } from './search-routes';
import { uploadRoutes } from './upload-routes';

export const messagingRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, opts) => {
  const stop = startLive(opts.ctx);
  app.addHook('onClose', async () => {
    stop();
    opts.ctx.presence.close();
  });
  await app.register(roomRoutes, opts);
  await app.register(roomMessageRoutes, opts);
  await app.register(uploadRoutes, opts);
  await app.register(messagingAdminRoutes, opts);
  await app.register(searchRoutes, opts);
};
