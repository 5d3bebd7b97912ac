/** GET /api/tasks: the enabled tasks the signed-in user may use. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { TasksReply } from '#common/tasks';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { tasksForUser } from './registry';

export const taskRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/tasks',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags: ['tasks'],
        summary: 'The tasks you may use (general and music are built in)',
        response: { 200: TasksReply },
      },
    },
    async (request) => ({ items: await tasksForUser(ctx, requireUser(request).id) }),
  );
};
