/**
 * A build step for the web app: writes a brotli (`.br`) and a gzip (`.gz`) copy beside every
 * compressible file of dist/web, at the highest levels (done once per build, not per request).
 * The server hands them out with @fastify/static's `preCompressed`, so a phone gets the small
 * file with no compression work on the household server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|ttf|otf)$/;
/** Below this, compression saves less than the extra response header costs. */
const MIN_BYTES = 1024;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Compresses every compressible file of `dir` (exported for the test of the server's side). */
export async function precompressDir(dir: string): Promise<number> {
  let count = 0;
  const jobs: Promise<void>[] = [];
  for (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const data = fs.readFileSync(file);
    if (data.length < MIN_BYTES) continue;
    count++;
    jobs.push(
      brotli(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }).then((out) => fs.writeFileSync(`${file}.br`, out)),
      gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }).then((out) => fs.writeFileSync(`${file}.gz`, out)),
    );
  }
  await Promise.all(jobs);
  return count;
}

/** The Vite plugin: runs after the bundle (and web/public) is written. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'hearth-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompressDir(outDir);
    },
  };
}
