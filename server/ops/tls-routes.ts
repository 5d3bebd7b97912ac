/**
 * The HTTPS side of `HEARTH_TLS=auto`: the server factory that makes Fastify listen with the
 * local certificate, and the trust page (`/tls`, `/tls/ca.crt`) on this port too, so an admin
 * can find it from a device that already trusts Hearth.
 */
import http from 'node:http';
import https from 'node:https';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ALL_TOKEN_SCOPES } from '#common/auth';
import type { RouteOptions } from '#server/context';
import { tlsPageResponse } from './tls-page';

/** Fastify's `serverFactory` for an HTTPS server with `tls`. */
export function httpsServerFactory(tls: { key: string; cert: string }) {
  return (handler: http.RequestListener) =>
    // https.Server is an http.Server for everything Fastify uses (the request/response API).
    https.createServer({ key: tls.key, cert: tls.cert }, handler) as unknown as http.Server;
}

export const tlsRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { ctx }) => {
  if (ctx.config.tls !== 'auto') return;
  const config = { tokenScopes: ALL_TOKEN_SCOPES };
  for (const url of ['/tls', '/tls/ca.crt', '/tls/style.css']) {
    app.get(url, { config, schema: { hide: true } }, async (request, reply) => {
      // Already on HTTPS: the page links to the address it was opened by.
      const page = tlsPageResponse(url, ctx.config.dataDir, `https://${request.headers.host ?? 'localhost'}`)!;
      return reply
        .status(page.status)
        .type(page.type)
        .headers({ 'Cache-Control': 'no-cache', ...page.headers })
        .send(page.body);
    });
  }
};
