/**
 * A room's messages: history and catch-up, posting (idempotent on `clientId`), edits, deletions,
 * reactions and the read marker. Members only (404 for anyone else); token scope `chat`.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  EditRoomMessageBody,
  PostRoomMessageBody,
  ReadBody,
  RoomMessage,
  RoomMessagePage,
  RoomMessagesQuery,
} from '#common/messaging';
import type { User } from '#common/auth';
import type { RouteOptions } from '#server/context';
import { checkInput } from '#server/safety/family/input-check';
import { ASSISTANT_MENTION } from '#server/accounts/reserved-names';
import { listTasks } from '#server/tasks/registry';
import { requireRoom } from './access';
import { membersOfRooms } from './store';
import { answerInBackground, enforceAskLimit, mentionedTask } from './assistant';
import { requireChatter } from './guards';
import * as messages from './messages';

const Params = z.object({ id: z.string().max(64) });
const MessageParams = Params.extend({ messageId: z.string().max(64) });
const ReactionParams = MessageParams.extend({ emoji: z.string().min(1).max(64) });
const chat = { tokenScopes: ['chat'] } as const;

export const roomMessageRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  /**
   * A supervised member's words pass the family-safety filter before they are stored (422
   * `content_blocked`, nothing sent). Only their own words: a flag never holds anyone else's.
   * Membership first, so no flag names a room they are not in.
   */
  const checkRoomText = async (user: User, roomId: string, text: string) => {
    if (!user.supervised || !text.trim()) return;
    await requireRoom(ctx, roomId, user.id);
    let mentionable: string[] = [];
    let toAssistant = false;
    if (text.includes('@')) {
      const [members, tasks] = await Promise.all([membersOfRooms(ctx.db, [roomId]), listTasks(ctx)]);
      const taskIds = new Set(tasks.map((task) => task.id));
      mentionable = [ASSISTANT_MENTION, ...taskIds, ...(members.get(roomId) ?? []).map((m) => m.username)];
      toAssistant = mentionedTask(text, taskIds) !== null;
    }
    await checkInput(ctx, user, { text, to: toAssistant ? 'ai' : 'people', roomId, mentionable });
  };

  app.get(
    '/api/rooms/:id/messages',
    {
      config: chat,
      schema: {
        params: Params,
        querystring: RoomMessagesQuery,
        response: { 200: RoomMessagePage },
        description:
          '`?before=<messageId>`: history, newest first. `?since=<seq>`: every message whose `updatedSeq` > seq, ' +
          'oldest change first, in its current state (tombstones included): continue with `since=nextCursor`.',
      },
    },
    async (request) =>
      messages.listMessages(ctx, (await requireChatter(ctx, request)).id, request.params.id, request.query),
  );

  app.post(
    '/api/rooms/:id/messages',
    {
      config: chat,
      schema: {
        params: Params,
        body: PostRoomMessageBody,
        response: { 200: RoomMessage, 201: RoomMessage },
        description: '201 with the stored message; the same `clientId` again: 200 with that same message',
      },
    },
    async (request, reply) => {
      const user = await requireChatter(ctx, request);
      await checkRoomText(user, request.params.id, request.body.text);
      // `@assistant` / `@<task id>`: counted against the chat limit, answered once stored.
      await enforceAskLimit(app, request, request.body.text);
      const { message, created } = await messages.postMessage(ctx, user, request.params.id, request.body);
      if (created) answerInBackground(ctx, user, message);
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  app.patch(
    '/api/rooms/:id/messages/:messageId',
    { config: chat, schema: { params: MessageParams, body: EditRoomMessageBody, response: { 200: RoomMessage } } },
    async (request) => {
      const user = await requireChatter(ctx, request);
      await checkRoomText(user, request.params.id, request.body.text);
      return messages.editMessage(ctx, user, request.params.id, request.params.messageId, request.body);
    },
  );

  app.delete(
    '/api/rooms/:id/messages/:messageId',
    { config: chat, schema: { params: MessageParams, description: 'The sender deletes it: a tombstone stays' } },
    async (request, reply) => {
      await messages.deleteMessage(
        ctx,
        await requireChatter(ctx, request),
        request.params.id,
        request.params.messageId,
      );
      return reply.status(204).send();
    },
  );

  for (const method of ['PUT', 'DELETE'] as const)
    app.route({
      method,
      url: '/api/rooms/:id/messages/:messageId/reactions/:emoji',
      config: chat,
      schema: { params: ReactionParams, description: 'PUT adds the caller’s reaction (one emoji), DELETE removes it' },
      handler: async (request, reply) => {
        const { id, messageId, emoji } = request.params;
        await messages.react(ctx, await requireChatter(ctx, request), id, messageId, emoji, method === 'PUT');
        return reply.status(204).send();
      },
    });

  app.post(
    '/api/rooms/:id/read',
    {
      config: chat,
      schema: { params: Params, body: ReadBody, description: 'Moves the caller’s read marker (never back)' },
    },
    async (request, reply) => {
      await messages.markRead(ctx, await requireChatter(ctx, request), request.params.id, request.body.lastReadId);
      return reply.status(204).send();
    },
  );
};
