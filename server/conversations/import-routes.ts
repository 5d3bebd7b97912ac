/**
 * Import: `POST /api/conversations/import` takes an export file's content (Hearth, ChatGPT or
 * Claude.ai) and makes its conversations the caller's. Its own plugin, so that its body parser
 * (import-body.ts: every refusal an `import_*` answer) applies to this route only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportBody, ImportReply } from '#common/conversation-export';
import type { RouteOptions } from '#server/context';
import { LARGE_BODY_LIMIT } from '#server/security/route-config';
import { requireUser } from '#server/auth/guards';
import { importConversations } from './import';
import { registerImportBodyParser } from './import-body';

const tags = ['conversations'];

export const importRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  registerImportBodyParser(app);

  app.post(
    '/api/conversations/import',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: { rateLimitClass: 'data' },
      schema: {
        tags,
        summary: 'Import conversations from an export file',
        description:
          "The file's content as the JSON body; its kind is detected: a Hearth conversation export (or a list of " +
          'them), or the `conversations.json` of a ChatGPT or Claude.ai data export. Branches and the branch on ' +
          'screen are kept (Claude exports have none). Answers 201 with the new conversations. A bad file imports ' +
          'nothing: 400 `import_unrecognized` (not an export Hearth knows), `import_unsupported` (a kind it cannot ' +
          'read), `import_invalid` (broken; the message and `field` say where), 413 `import_too_large` (more ' +
          'conversations or messages than one import takes, or a message over the length limit) or `too_large` ' +
          '(over 8 MiB).',
        body: ImportBody,
        response: { 201: ImportReply },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const items = await importConversations(ctx, user, request.body);
      return reply.status(201).send({ items });
    },
  );
};
