/**
 * Compressed responses for slow links (a phone on the home Wi-Fi's far end): brotli or gzip for
 * API JSON and other text, chosen by the client's Accept-Encoding. The web app's own files are
 * compressed at build time and served as they are (web-app.ts, `preCompressed`), so this only
 * touches what the server makes per request.
 *
 * Never compressed: `text/event-stream` (a compressor holds bytes back until it has a block, which
 * would stall a streamed reply), files people uploaded and archives (already compressed or opaque:
 * `application/octet-stream`, images, zip), and anything below 1 KB.
 */
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import zlib from 'node:zlib';

/** JSON, text (not event streams), JavaScript, XML/SVG and the web app manifest. */
export const COMPRESSIBLE_TYPES =
  /^(?:text\/(?!event-stream)[\w.+-]+|application\/(?:[\w.+-]+\+)?json|application\/(?:javascript|xml)|image\/svg\+xml|application\/manifest\+json)(?:;|$)/;

/** Registers response compression for every route. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE_TYPES,
    // Per-request brotli at quality 4: close to gzip's speed, smaller output; the default (11)
    // is for build time, far too slow for every reply on a home server.
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}
