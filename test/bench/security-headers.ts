/**
 * `npx tsx test/bench/security-headers.ts`: what @fastify/helmet costs per request against
 * helmet's headers worked out once at start (what Hearth did before) and against no headers,
 * measured in one run. Three bare Fastify apps on loopback ports answer GET /x; one keep-alive
 * client sends blocks of requests to each in turn; the figure is the median request time.
 * ROUNDS (default 20) blocks of BLOCK (default 500) requests per app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { HELMET_OPTIONS } from '#server/security/headers';
import { renderTable } from './table';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const BLOCK = Number(process.env.BLOCK ?? 500);

/** The former precomputed headers: helmet run once, its headers replayed on every request. */
function precomputed(app: FastifyInstance): void {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const response = {
    setHeader: (n: string, v: unknown) => set.push([n, String(v)]),
    removeHeader: (n: string) => removed.push(n),
  };
  helmet(HELMET_OPTIONS as HelmetOptions)({} as never, response as never, () => {});
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [n, v] of set) reply.raw.setHeader(n, v);
    for (const n of removed) reply.raw.removeHeader(n);
    done();
  });
}

async function start(
  setup: (app: FastifyInstance) => Promise<void> | void,
): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  await setup(app);
  app.get('/x', async () => 'ok');
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/x`, app };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
}

const median = (v: number[]) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  const apps = {
    none: await start(() => {}),
    precomputed: await start(precomputed),
    '@fastify/helmet': await start(async (app) => {
      await app.register(fastifyHelmet, HELMET_OPTIONS);
    }),
  };
  const times = Object.fromEntries(Object.keys(apps).map((k) => [k, [] as number[]]));
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (const [name, { url }] of Object.entries(apps)) {
      for (let i = 0; i < BLOCK; i++) {
        const ms = await get(url);
        if (r > 0) times[name]!.push(ms); // the first round warms up
      }
    }
  }
  const none = median(times.none!);
  process.stdout.write(
    `${renderTable(
      ['headers', 'median ms', 'above none'],
      Object.entries(times).map(([k, v]) => [k, median(v), median(v) - none]),
      4,
    )}\n`,
  );
  agent.destroy();
  for (const { app } of Object.values(apps)) await app.close();
}

void main();
