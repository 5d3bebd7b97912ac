/**
 * `POST /api/uploads` (multipart, one file, at most HEARTH_MAX_UPLOAD_MB → 413) and
 * `GET /api/uploads/:id` (to the uploader and members of a room it was posted in; served so that
 * it can never run as a page: nosniff, a sandboxing CSP, and a download unless a plain picture).
 */
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UploadReply } from '#common/messaging';
import type { RouteOptions } from '#server/context';
import { badRequest } from '#server/errors';
import { requireChatter } from './guards';
import { openUpload, saveUpload } from './uploads';

const Params = z.object({ id: z.string().max(64) });
const chat = { tokenScopes: ['chat'] } as const;

export const uploadRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  // Registered here only: the rest of the API keeps refusing multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 0, parts: 2, headerPairs: 200 },
  });

  app.post(
    '/api/uploads',
    {
      config: chat,
      schema: {
        response: { 201: UploadReply },
        description: 'multipart/form-data with one file; attach it with `attachmentIds` when posting. Too large: 413',
      },
    },
    async (request, reply) => {
      const user = await requireChatter(ctx, request);
      if (!request.isMultipart()) throw badRequest('Send the file as multipart/form-data.', 'file');
      const part = await request.file();
      if (!part) throw badRequest('file: no file was sent.', 'file');
      const saved = await saveUpload(ctx, user.id, {
        stream: part.file,
        filename: part.filename,
        mimetype: part.mimetype,
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/api/uploads/:id',
    {
      config: chat,
      schema: { params: Params, description: 'The file: to its uploader and the members of a room it is posted in' },
    },
    async (request, reply) => {
      const user = await requireChatter(ctx, request);
      const { stream, headers } = await openUpload(ctx, user.id, request.params.id);
      return reply.headers(headers).send(stream);
    },
  );
};
