/**
 * AI conversations: list, create, read, change, delete, and send a message (SSE or JSON).
 * Another user's conversation answers 404 on every route.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Conversation,
  ConversationDetail,
  ConversationDetailQuery,
  ConversationListQuery,
  ConversationPage,
  CreateConversationBody,
  PatchConversationBody,
  SendMessageBody,
  SendMessageReply,
} from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { RouteOptions } from '#server/context';
import { checkDeleteHistory } from '#server/safety/family/gate';
import { LARGE_BODY_LIMIT } from '#server/security/route-config';
import { requireUser } from '#server/auth/guards';
import { pipeGeneration } from '#server/generation/attach';
import { openSse, sseFrame } from '#server/generation/sse';
import { withContextMarkers } from './context-marker';
import * as service from './service';
import { sendMessage, waitForReply } from './sending';

const Params = z.object({ id: z.string().max(64) });

export const conversationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/conversations',
    {
      config: { tokenScopes: ['chat'] },
      schema: { querystring: ConversationListQuery, response: { 200: ConversationPage } },
    },
    async (request) => service.listForUser(ctx, requireUser(request).id, request.query),
  );

  app.post(
    '/api/conversations',
    { config: { tokenScopes: ['chat'] }, schema: { body: CreateConversationBody, response: { 201: Conversation } } },
    async (request, reply) => {
      const conversation = await service.createConversation(ctx, requireUser(request), request.body);
      return reply.status(201).send(conversation);
    },
  );

  app.get(
    '/api/conversations/:id',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        params: Params,
        querystring: ConversationDetailQuery,
        response: { 200: ConversationDetail },
        description:
          'Without `limit`: every message of every branch. With `limit` (and `before`): a page of the active ' +
          "branch from the newest message backwards, with `hasMore` and each message's sibling versions.",
      },
    },
    async (request) =>
      withContextMarkers(ctx, await service.getDetail(ctx, requireUser(request).id, request.params.id, request.query)),
  );

  app.patch(
    '/api/conversations/:id',
    {
      config: { tokenScopes: ['chat'] },
      schema: { params: Params, body: PatchConversationBody, response: { 200: Conversation } },
    },
    async (request) => service.patchConversation(ctx, requireUser(request), request.params.id, request.body),
  );

  app.delete('/api/conversations/:id', { schema: { params: Params } }, async (request, reply) => {
    const user = requireUser(request);
    // Someone else's id stays 404; a supervised member may delete only when a guardian allows it.
    await service.requireConversation(ctx, user.id, request.params.id);
    await checkDeleteHistory(ctx, user);
    await service.deleteConversation(ctx, user.id, request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/conversations/:id/messages',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: { tokenScopes: ['chat'], rateLimitClass: 'chat', paced: true },
      schema: {
        params: Params,
        body: SendMessageBody,
        response: { 200: SendMessageReply },
        description:
          'Sends a message and starts the reply. stream=true (default) answers text/event-stream: ' +
          '`user-message`, `queued`* (while it waits for its turn: `{position, message}`), `start`, `reasoning`*, `delta`*, ' +
          '`tool`* (a tool call made, then answered), then `done` or `error`. A send still waiting when its client goes away ' +
          'leaves the queue (it ends `stopped`). ' +
          'stream=false answers {userMessage, assistantMessage} once the reply is finished.',
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const result = await sendMessage(ctx, user, request.params.id, request.body);
      if (!request.body.stream) return waitForReply(result);
      const sse = openSse(reply);
      sse.write(
        sseFrame<Extract<GenerationEvent, { event: 'user-message' }>>('user-message', { message: result.userMessage }),
      );
      pipeGeneration(sse, result.generation, { cancelWaitingOnClose: true });
      return reply;
    },
  );
};
