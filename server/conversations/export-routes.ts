/**
 * Export: one conversation as a Markdown or JSON download, and all of the caller's data as one
 * ZIP. Another user's conversation answers 404, as on every conversation route. (Importing is
 * import-routes.ts.)
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ExportQuery } from '#common/conversation-export';
import type { RouteOptions } from '#server/context';
import { requireUser } from '#server/auth/guards';
import { nowIso } from '#server/db/database';
import { auditRequest } from '#server/safety/audit';
import { archiveEntries } from './archive';
import { attachment } from './download';
import { conversationJson, conversationJsonText } from './export-json';
import { exportLocale } from './export-locale';
import { conversationMarkdown } from './export-markdown';
import { requireConversation } from './service';
import * as store from './store';
import { zipStream } from './zip';

const Params = z.object({ id: z.string().max(64) });
const tags = ['conversations'];

export const exportRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/api/conversations/:id/export',
    {
      config: { tokenScopes: ['chat'] },
      schema: {
        tags,
        summary: 'Download a conversation as Markdown or JSON',
        description:
          'A file download (`Content-Disposition: attachment`). `format=json`: every branch in the Hearth format ' +
          '(`{"format": "hearth.conversation", "version": 1, "exportedAt", "conversation", "messages"}`), which ' +
          '`POST /api/conversations/import` takes back. `format=markdown`: the branch on screen, to read.',
        params: Params,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const stored = await requireConversation(ctx, user.id, request.params.id);
      const conversation = store.publicConversation(stored);
      const messages = await store.listMessages(ctx.db, conversation.id);
      const exportedAt = nowIso();
      void reply.header('cache-control', 'no-store');
      if (request.query.format === 'json') {
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', attachment(conversation.title, 'json'))
          .send(conversationJsonText(conversationJson(conversation, messages, exportedAt)));
      }
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', attachment(conversation.title, 'md'))
        .send(
          conversationMarkdown(
            conversation,
            messages,
            exportedAt,
            exportLocale(user, request.headers['accept-language'], ctx.config.timeZone),
          ),
        );
    },
  );

  app.get(
    '/api/me/export',
    {
      config: { rateLimitClass: 'data' },
      schema: {
        tags,
        summary: 'Download all of your data as one ZIP',
        description:
          'A ZIP download: `README.txt`, `account.json` (profile, settings, API-token and passkey names and dates — ' +
          'never secrets), `usage.json`, and every conversation as `conversations/<title>-<id>.json` (importable) ' +
          'and `.md`. Recorded in the audit log (`data.export`).',
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const exportedAt = nowIso();
      const download = () =>
        reply
          .type('application/zip')
          .header('cache-control', 'no-store')
          .header(
            'content-disposition',
            attachment(`hearth-${user.username}-${exportedAt.slice(0, 10)}`, 'zip', 'hearth-export'),
          );
      // HEAD (Fastify answers it with this handler): the headers, without building the archive or logging an export.
      if (request.method === 'HEAD') return download().send();
      const conversations = await store.listAllConversations(ctx.db, user.id);
      await auditRequest(ctx, request, {
        action: 'data.export',
        target: user.id,
        detail: { what: 'all', conversations: conversations.length },
      });
      return download().send(
        zipStream(
          archiveEntries(
            ctx,
            user,
            conversations,
            exportedAt,
            exportLocale(user, request.headers['accept-language'], ctx.config.timeZone),
          ),
        ),
      );
    },
  );
};
