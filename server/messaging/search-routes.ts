/**
 * `GET /api/search?q=`: the app's search box, over the caller's AI conversations (the same
 * search as `GET /api/conversations?q=`) and the messages of their rooms, in one answer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SearchQuery, SearchReply } from '#common/messaging';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { listForUser } from '#server/conversations/service';
import { chatEnabled } from './people-store';
import { searchRoomMessages } from './search';

export const searchRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/search',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        querystring: SearchQuery,
        response: { 200: SearchReply },
        description:
          'AI conversations and people-chat messages matching `q` (every word, as a prefix; accents ignored). ' +
          'Room messages only of rooms the caller is a member of; none when people chat is off for them.',
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { q, limit } = request.query;
      // Without words there is nothing to find (the conversation list is not a search result).
      if (q === '') return { conversations: [], roomMessages: [] };
      const [conversations, roomMessages] = await Promise.all([
        listForUser(ctx, user.id, { q, limit }),
        chatEnabled(ctx.db, user.id).then((on) => (on ? searchRoomMessages(ctx, user.id, q, limit) : [])),
      ]);
      return { conversations: conversations.items, roomMessages };
    },
  );
};
