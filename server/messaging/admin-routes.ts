/**
 * The admin console's part of people chat: rooms' names and counts (never content), deleting a
 * room, and turning people chat off or on per member. An admin reads no room through these and
 * cannot add themselves to one (the room routes answer them 404 like any non-member).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminRoomList, PeopleChatAccess, PeopleChatAccessBody } from '#common/messaging';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { notFound } from '#server/errors';
import { auditRequest } from '#server/safety/audit';
import { accountExists, chatEnabled, setChatEnabled } from './people-store';
import * as rooms from './rooms';

const Params = z.object({ id: z.string().max(64) });
const admin = { tokenScopes: ['admin'] } as const;

export const messagingAdminRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get('/api/admin/rooms', { config: admin, schema: { response: { 200: AdminRoomList } } }, async (request) => {
    requireAdmin(request);
    return { items: await rooms.listRoomsForAdmin(ctx) };
  });

  app.delete('/api/admin/rooms/:id', { config: admin, schema: { params: Params } }, async (request, reply) => {
    requireAdmin(request);
    await rooms.adminDeleteRoom(ctx, request.params.id);
    await auditRequest(ctx, request, { action: 'room.deleted', target: request.params.id });
    return reply.status(204).send();
  });

  app.get(
    '/api/admin/users/:id/people-chat',
    { config: admin, schema: { params: Params, response: { 200: PeopleChatAccess } } },
    async (request) => {
      requireAdmin(request);
      if (!(await accountExists(ctx.db, request.params.id))) throw notFound('That user');
      return { userId: request.params.id, enabled: await chatEnabled(ctx.db, request.params.id) };
    },
  );

  app.put(
    '/api/admin/users/:id/people-chat',
    {
      config: admin,
      schema: {
        params: Params,
        body: PeopleChatAccessBody,
        response: { 200: PeopleChatAccess },
        description: 'Turns people chat off (or on) for a member: off, its routes answer them 403 `people_chat_off`',
      },
    },
    async (request) => {
      requireAdmin(request);
      const userId = request.params.id;
      if (!(await accountExists(ctx.db, userId))) throw notFound('That user');
      await setChatEnabled(ctx.db, userId, request.body.enabled);
      await auditRequest(ctx, request, {
        action: request.body.enabled ? 'people_chat.enabled' : 'people_chat.disabled',
        target: userId,
      });
      ctx.bus.emit('permissions.changed', { userId });
      return { userId, enabled: request.body.enabled };
    },
  );
};
