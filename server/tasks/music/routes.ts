/**
 * `GET /api/music/stats` (members granted the `music` task) and the Music library's lifetime:
 * its query process and catalogue connection are closed with the app.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MusicStats } from '#common/music';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { forbidden } from '#server/errors';
import { isTaskUsable } from '#server/tasks/registry';

export const musicRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.addHook('onClose', async () => ctx.music.close());

  app.get(
    '/api/music/stats',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags: ['music'],
        summary: "The music catalogue's counts and when it was last scanned",
        description: 'For members granted the Music library task; others get 403.',
        response: { 200: MusicStats },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!(await isTaskUsable(ctx, user.id, 'music')))
        throw forbidden('The Music library is not one of your tasks. Ask whoever runs Hearth to add it.');
      return ctx.music.stats();
    },
  );
};
