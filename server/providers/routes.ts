/** `GET /api/models`: the models the signed-in user may use, and the model servers' state. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { User } from '#common/auth';
import { ModelsQuery, ModelsReply } from '#common/models';
import type { AppContext, RouteOptions } from '#server/context';
import { filterModelsForUser } from '#server/accounts/permissions';
import { requireUser } from '#server/auth/guards';
import { householdAdminName } from '#server/accounts/service';
import { modelsInTask } from '#server/tasks/plan';

const tags = ['models'];

/**
 * The part of the list `user` may see: their allow-list (admin `modelIds`) applied. A member
 * gets no models an admin hid, no server addresses or failure details (those are for the admin
 * to act on), and the name of the admin to ask instead.
 */
export async function modelsForUser(ctx: Pick<AppContext, 'db'>, user: User, reply: ModelsReply): Promise<ModelsReply> {
  const mine = await filterModelsForUser(ctx, user.id, reply);
  if (user.role === 'admin') return mine;
  return {
    ...mine,
    items: mine.items.filter((m) => !m.hidden),
    servers: mine.servers.map(({ baseUrl: _url, error: _error, ...state }) => state),
    askAdmin: await householdAdminName(ctx),
  };
}

export const modelRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/models',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags,
        summary:
          "Models on the household's model servers that you may use, and each server's state; with taskId, only the models that task lets you use",
        querystring: ModelsQuery,
        response: { 200: ModelsReply },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const reply = await modelsForUser(ctx, user, await ctx.models.list());
      const { taskId } = request.query;
      return taskId ? modelsInTask(ctx, user.id, taskId, reply) : reply;
    },
  );
};
