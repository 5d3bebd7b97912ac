/**
 * People and rooms: `GET /api/people`, `/api/rooms` (list, create, direct), one room (read,
 * change, delete) and its members. A room the caller is not in answers 404 on every route.
 * API tokens of scope `chat` may call them (the terminal client, later).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AddMemberBody,
  CreateRoomBody,
  DirectRoomBody,
  PatchRoomBody,
  PeopleList,
  Room,
  RoomList,
} from '#common/messaging';
import type { RouteOptions } from '#server/context';
import { requireChatter } from './guards';
import { peopleFor } from './live';
import * as rooms from './rooms';

const Params = z.object({ id: z.string().max(64) });
const MemberParams = z.object({ id: z.string().max(64), userId: z.string().max(64) });
const chat = { tokenScopes: ['chat'] } as const;

export const roomRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/people',
    {
      config: chat,
      schema: { response: { 200: PeopleList }, description: 'Everyone the caller may message, with presence' },
    },
    async (request) => ({ items: await peopleFor(ctx, await requireChatter(ctx, request)) }),
  );

  app.get('/api/rooms', { config: chat, schema: { response: { 200: RoomList } } }, async (request) => ({
    items: await rooms.listRooms(ctx, (await requireChatter(ctx, request)).id),
  }));

  app.post(
    '/api/rooms',
    { config: chat, schema: { body: CreateRoomBody, response: { 201: Room } } },
    async (request, reply) =>
      reply.status(201).send(await rooms.createRoom(ctx, await requireChatter(ctx, request), request.body)),
  );

  app.post(
    '/api/rooms/direct',
    {
      config: chat,
      schema: {
        body: DirectRoomBody,
        response: { 200: Room, 201: Room },
        description: 'The direct room of the caller and that person: 201 when made now, 200 when it existed (same id)',
      },
    },
    async (request, reply) => {
      const { room, created } = await rooms.openDirectRoom(
        ctx,
        await requireChatter(ctx, request),
        request.body.userId,
      );
      return reply.status(created ? 201 : 200).send(room);
    },
  );

  app.get('/api/rooms/:id', { config: chat, schema: { params: Params, response: { 200: Room } } }, async (request) =>
    rooms.getRoom(ctx, (await requireChatter(ctx, request)).id, request.params.id),
  );

  app.patch(
    '/api/rooms/:id',
    {
      config: chat,
      schema: {
        params: Params,
        body: PatchRoomBody,
        response: { 200: Room },
        description: '`name` and `description`: the owner only; `muted`: the caller’s own',
      },
    },
    async (request) => rooms.patchRoom(ctx, await requireChatter(ctx, request), request.params.id, request.body),
  );

  app.delete('/api/rooms/:id', { config: chat, schema: { params: Params } }, async (request, reply) => {
    await rooms.deleteRoom(ctx, await requireChatter(ctx, request), request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/rooms/:id/members',
    { config: chat, schema: { params: Params, body: AddMemberBody, description: 'The owner adds someone' } },
    async (request, reply) => {
      await rooms.addMember(ctx, await requireChatter(ctx, request), request.params.id, request.body.userId);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/rooms/:id/members/:userId',
    {
      config: chat,
      schema: { params: MemberParams, description: 'The owner removes someone; anyone may remove themselves (leave)' },
    },
    async (request, reply) => {
      await rooms.removeMember(ctx, await requireChatter(ctx, request), request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );
};
