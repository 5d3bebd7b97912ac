/**
 * /api/admin/music: scan a folder inside HEARTH_MUSIC_DIRS (in the background, progress as
 * WebSocket `music.scan`), follow a scan, import a Chinook file. The catalogue is the
 * household's: only admins change it. Its own plugin, so the import's binary body parser applies
 * to this plugin's routes only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '#common/admin';
import { MusicCounts, MusicFolders, MusicScan, MusicScanBody, MusicScanStarted } from '#common/music';
import type { RouteOptions } from '#server/context';
import { requireAdmin } from '#server/auth/guards';
import { HttpError, notFound } from '#server/errors';
import { audit } from '#server/safety/audit';
import { allowedScanFolder } from '#server/tasks/music/folders';
import { importUploadedChinook } from '#server/tasks/music/import-file';

const tags = ['admin', 'music'];

/** The largest Chinook file an import takes (the sample is 1 MB; a household's own can be more). */
export const MUSIC_IMPORT_LIMIT = 256 * 1024 * 1024;

/** Content types an import body may have. */
const SQLITE_TYPES = ['application/octet-stream', 'application/vnd.sqlite3', 'application/x-sqlite3'];

export const adminMusicRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  app.addContentTypeParser(SQLITE_TYPES, { parseAs: 'buffer', bodyLimit: MUSIC_IMPORT_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/admin/music/folders',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'The folders the web app may scan (HEARTH_MUSIC_DIRS)',
        response: { 200: MusicFolders },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { folders: [...ctx.config.musicDirs] };
    },
  );

  app.post(
    '/api/admin/music/scan',
    {
      config: { tokenScopes: ['admin'] },
      schema: {
        tags,
        summary: 'Scan a music folder into the catalogue, in the background',
        description:
          'Only folders inside HEARTH_MUSIC_DIRS (after resolving symlinks and `..`), else 403 `path_not_allowed`. ' +
          'Answers 202 `{scanId}` at once; progress arrives as WebSocket `music.scan` events.',
        body: MusicScanBody,
        response: { 202: MusicScanStarted },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const folder = await allowedScanFolder(request.body.path, ctx.config.musicDirs);
      const scanId = ctx.music.startScan(folder, admin.id);
      await audit(ctx, {
        actorId: admin.id,
        ip: request.ip,
        action: 'music.scanned',
        target: folder,
        detail: { scanId },
      });
      return reply.status(202).send({ scanId });
    },
  );

  app.get(
    '/api/admin/music/scans/:id',
    {
      config: { tokenScopes: ['admin'] },
      schema: { tags, summary: 'How a scan stands', params: IdParams, response: { 200: MusicScan } },
    },
    async (request) => {
      requireAdmin(request);
      const scan = ctx.music.getScan(request.params.id);
      if (!scan) throw notFound('That scan');
      return scan;
    },
  );

  app.post(
    '/api/admin/music/import',
    {
      bodyLimit: MUSIC_IMPORT_LIMIT,
      config: { tokenScopes: ['admin'], rateLimitClass: 'data' },
      schema: {
        tags,
        summary: 'Replace the catalogue with a Chinook-shaped SQLite file',
        description:
          'The file as the body (Content-Type: application/octet-stream or application/vnd.sqlite3). It is checked ' +
          'first (400 `import_invalid` naming what is wrong); only then is the catalogue replaced, in one transaction.',
        body: z.unknown(),
        response: { 201: MusicCounts },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      if (!Buffer.isBuffer(request.body))
        throw new HttpError(
          400,
          'import_invalid',
          'Send the SQLite file itself as the body (application/octet-stream).',
        );
      const counts = importUploadedChinook(ctx.music, ctx.config.dataDir, request.body);
      await audit(ctx, {
        actorId: admin.id,
        ip: request.ip,
        action: 'music.imported',
        target: 'music',
        detail: counts,
      });
      return reply.status(201).send(counts);
    },
  );
};
