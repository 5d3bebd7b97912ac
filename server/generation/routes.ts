/**
 * `POST /api/generations/:messageId/stop` and `GET /api/generations/:messageId/events` (SSE
 * re-attach). Another user's message answers 404, like a missing one.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Message } from '#common/conversations';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { notFound } from '#server/errors';
import { findMessageWithOwner } from '#server/conversations/store';
import { pipeGeneration, sendFinished } from './attach';
import { openSse } from './sse';

const Params = z.object({ messageId: z.string().max(64) });

export const generationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  /** The caller's message, or 404. */
  const requireOwnMessage = async (userId: string, messageId: string) => {
    const found = await findMessageWithOwner(ctx.db, messageId);
    if (!found || found.userId !== userId) throw notFound('That message');
    return found.message;
  };
  /**
   * The saved state of a message that is not running here. Re-read when the first read said
   * `streaming`: the reply may have finished (and been saved) between that read and the lookup.
   */
  const settled = async (userId: string, first: Message) =>
    first.status === 'streaming' ? await requireOwnMessage(userId, first.id) : first;

  app.post(
    '/api/generations/:messageId/stop',
    {
      schema: {
        params: Params,
        response: { 200: z.object({ message: Message }) },
        description: 'Stops a reply being written; the partial text is kept with status stopped.',
      },
    },
    async (request) => {
      const user = requireUser(request);
      const saved = await requireOwnMessage(user.id, request.params.messageId);
      const stopped = await ctx.generations.stop(saved.id);
      // Not running here: already finished, so its saved state is the answer.
      return { message: stopped ?? (await settled(user.id, saved)) };
    },
  );

  app.get(
    '/api/generations/:messageId/events',
    {
      schema: {
        params: Params,
        description:
          'Server-Sent Events: re-attach to a reply. `start`, then the text so far as one `reasoning`/`delta`, ' +
          'then live events and `done`/`error`. A finished reply answers `done`/`error` at once.',
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const saved = await requireOwnMessage(user.id, request.params.messageId);
      const generation = ctx.generations.get(saved.id);
      // Not running in this process: it finished (or, scaled out, another process runs it and
      // the saved state is the best this process knows).
      const finished = generation ? null : await settled(user.id, saved);
      const sse = openSse(reply);
      if (generation) pipeGeneration(sse, generation);
      else sendFinished(sse, finished!);
      return reply;
    },
  );
};
