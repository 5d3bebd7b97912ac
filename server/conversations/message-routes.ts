/**
 * `POST /api/messages/:id/regenerate` and `POST /api/messages/:id/edit`: new versions of a reply
 * or of a user message, answered like sending (SSE by default, JSON with `stream: false`).
 * Another user's message answers 404; the wrong role 400; a reply still being written in the
 * conversation 409.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EditMessageBody, RegenerateBody, RegenerateReply, SendMessageReply } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import type { RouteOptions } from '#server/context';
import { LARGE_BODY_LIMIT } from '#server/security/route-config';
import { requireUser } from '#server/auth/guards';
import { pipeGeneration } from '#server/generation/attach';
import { openSse, sseFrame } from '#server/generation/sse';
import { editMessage, finishedReply, regenerateReply, waitForReply } from './sending';

const Params = z.object({ id: z.string().max(64).describe('Message id') });

export const messageRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.post(
    '/api/messages/:id/regenerate',
    {
      config: { tokenScopes: ['chat'], rateLimitClass: 'chat', paced: true },
      schema: {
        params: Params,
        // A bare POST (no body) regenerates with the defaults.
        body: RegenerateBody.nullish(),
        response: { 200: RegenerateReply },
        description:
          'Writes a new version of an assistant reply (a sibling: same parent) from the same history; it becomes ' +
          'the active branch and the earlier version stays. stream=true (default) answers text/event-stream: ' +
          '`start`, `reasoning`*, `delta`*, then `done` or `error` (no `user-message`). stream=false answers ' +
          '{assistantMessage} once finished. 409 while a reply is being written in the conversation.',
      },
    },
    async (request, reply) => {
      const body = request.body ?? { stream: true };
      const generation = await regenerateReply(ctx, requireUser(request), request.params.id, body);
      if (!body.stream) return { assistantMessage: await finishedReply(generation) };
      pipeGeneration(openSse(reply), generation, { cancelWaitingOnClose: true });
      return reply;
    },
  );

  app.post(
    '/api/messages/:id/edit',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: { tokenScopes: ['chat'], rateLimitClass: 'chat', paced: true },
      schema: {
        params: Params,
        body: EditMessageBody,
        response: { 200: SendMessageReply },
        description:
          'Saves a new version of a user message (a sibling: same parent) and starts its reply; they become the ' +
          'active branch and the earlier version stays. Answers like sending a message: SSE `user-message`, ' +
          '`start`, `reasoning`*, `delta`*, `done`|`error`, or {userMessage, assistantMessage} with stream=false. ' +
          '409 while a reply is being written in the conversation.',
      },
    },
    async (request, reply) => {
      const result = await editMessage(ctx, requireUser(request), request.params.id, request.body);
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
