/**
 * `POST /api/generations/:messageId/stop` and `GET /api/generations/:messageId/events` (SSE
 * re-attach). Another user's message answers 404, like a missing one. A reply this process does
 * not run, but that is still `streaming`, is reached through the bus (remote.ts). Stop also finds
 * a room's `@assistant` reply (server/messaging/assistant-stop.ts), for the member who asked only.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Message } from '#common/conversations';
import { RoomMessage } from '#common/messaging';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { notFound } from '#server/errors';
import { findOwnMessage } from '#server/conversations/service';
import { stopRoomReply } from '#server/messaging/assistant-stop';
import { pipeGeneration, sendFinished } from './attach';
import { followRemote, stopRemote } from './remote';
import { openSse } from './sse';

const Params = z.object({ messageId: z.string().max(64) });

export const generationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  /** The caller's message, or 404. */
  const requireOwnMessage = async (userId: string, messageId: string) => {
    const found = await findOwnMessage(ctx, userId, messageId);
    if (!found) throw notFound('That message');
    return found;
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
      config: { tokenScopes: ['chat'] },
      schema: {
        params: Params,
        response: { 200: z.object({ message: z.union([Message, RoomMessage]) }) },
        description:
          'Stops a reply being written; the partial text is kept with status stopped. For an `@assistant` reply in a room, ' +
          '`message` is the RoomMessage, and only the member who asked may stop it (anyone else: 404).',
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { messageId } = request.params;
      const own = await findOwnMessage(ctx, user.id, messageId);
      if (!own) {
        // A people-chat room's `@assistant` reply: only its asker finds it.
        const roomReply = await stopRoomReply(ctx, user, messageId);
        if (roomReply) return { message: roomReply };
        throw notFound('That message');
      }
      const saved = own;
      const stopped = await ctx.generations.stop(saved.id);
      if (stopped) return { message: stopped };
      // Not running here: another process may run it (it answers once saved); if nobody does,
      // it already finished and its saved state is the answer.
      const current = await settled(user.id, saved);
      if (current.status !== 'streaming') return { message: current };
      const remote = await stopRemote(ctx, user.id, saved.id, () => requireOwnMessage(user.id, saved.id));
      return { message: remote ?? (await requireOwnMessage(user.id, saved.id)) };
    },
  );

  app.get(
    '/api/generations/:messageId/events',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        params: Params,
        description:
          'Server-Sent Events: re-attach to a reply. `start`, then the text so far as one `reasoning`/`delta` and a `tool` per tool call, ' +
          'then live events and `done`/`error`. A finished reply answers `done`/`error` at once.',
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const saved = await requireOwnMessage(user.id, request.params.messageId);
      const generation = ctx.generations.get(saved.id);
      if (generation) {
        pipeGeneration(openSse(reply), generation);
        return reply;
      }
      // Not running in this process: finished, or another process runs it and is followed.
      let finished = await settled(user.id, saved);
      if (finished.status === 'streaming') {
        const follower = followRemote(ctx, user.id, saved.id, () => requireOwnMessage(user.id, saved.id));
        const start = await follower.ready;
        if (start.kind === 'snapshot') {
          follower.pipe(openSse(reply));
          return reply;
        }
        // Nobody runs it (or it ended meanwhile): the saved state is the best anyone knows.
        finished = start.kind === 'finished' ? start.message : await requireOwnMessage(user.id, saved.id);
      }
      sendFinished(openSse(reply), finished);
      return reply;
    },
  );
};
