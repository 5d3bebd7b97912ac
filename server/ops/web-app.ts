/**
 * Serves the built web app (dist/web) and answers every other non-API GET with index.html so
 * deep links like /c/<id> work after a reload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ALL_TOKEN_SCOPES } from '#common/auth';
import type { RouteOptions } from '#server/context';

/** Finds dist/web from either the sources (tests) or the bundle (dist/server). */
function findWebRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

const API_PREFIXES = ['/api/', '/v1/', '/healthz', '/readyz', '/metrics'];

export const webAppRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app) => {
  const root = findWebRoot();
  if (!root) {
    app.get('/', { config: { tokenScopes: ALL_TOKEN_SCOPES }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('The web app is not built. Run `npm run build`.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // The build wrote .br and .gz copies (vite.precompress.ts): sent as they are when accepted.
    preCompressed: true,
    // Hashed asset names never change content: cache them for a long time.
    setHeaders(res, filePath) {
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        res.header('Cache-Control', 'public, max-age=31536000, immutable');
      } else if (path.basename(filePath).startsWith('sw.js')) {
        // The browser must see a new service worker as soon as there is one.
        res.header('Cache-Control', 'no-cache');
      }
    },
  });
  const indexHtml = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const sendIndex = (reply: import('fastify').FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);

  // Public pages, the same for anyone: a token changes nothing here, and `/*` must stay a 404
  // for an unknown API path whatever credential came with it.
  const config = { tokenScopes: ALL_TOKEN_SCOPES };
  app.get('/', { config, schema: { hide: true } }, async (_req, reply) => sendIndex(reply));
  app.get('/*', { config, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (API_PREFIXES.some((p) => url.startsWith(p))) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route GET ${url}.` } });
    }
    const file = path.join(root, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(root, file));
    }
    return sendIndex(reply);
  });
};
