/**
 * Starts Hearth: load config → open db → migrate → build app → recover → listen.
 * `hearth serve` (and so `npm start`) calls startServer().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { buildApp, type App } from './app';
import { createContext } from './services';
import { ensureSetupToken } from './auth/setup';
import { startAdminSocket, type AdminSocket } from './ops/admin-socket';
import { ensureLocalTls } from './ops/tls';
import { startHttpRedirect, type HttpRedirect } from './ops/tls-server';

/** Every address a browser on the home network can use to reach this server. */
export function lanUrls(host: string, port: number, scheme: 'http' | 'https' = 'http'): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`${scheme}://${host}:${port}`];
  const urls = [`${scheme}://localhost:${port}`];
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`${scheme}://${a.address}:${port}`);
    }
  }
  return urls;
}

/**
 * A running server, for the CLI and for tests that restart it. `url` is the app's own address
 * (https with HEARTH_TLS=auto); `httpUrl` the plain-HTTP port that then only redirects.
 */
export type RunningServer = { app: App; url: string; httpUrl?: string; close: () => Promise<void> };

/** Opens the database, builds the app and listens. */
export async function startServer(config: Config, options: { quiet?: boolean } = {}): Promise<RunningServer> {
  const db = await openAndMigrate(config);
  const tls = config.tls === 'auto' ? await ensureLocalTls(config.dataDir) : undefined;
  const app = await buildApp({
    logger: options.quiet ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    buildContext: (fastify) => createContext({ config, db, log: fastify.log }),
    ...(tls ? { https: tls } : {}),
  });
  let adminSocket: AdminSocket | undefined;
  let redirect: HttpRedirect | undefined;
  try {
    // Before recovery: a second server on this data dir is refused here, before it could mark
    // the first one's running replies as interrupted.
    adminSocket = await startAdminSocket(app.ctx);
    const interrupted = await app.ctx.generations.recoverAfterRestart();
    if (interrupted > 0)
      app.log.warn(`${interrupted} reply(ies) left unfinished by the last run were marked interrupted`);
    await app.listen({ host: config.host, port: tls ? config.tlsPort : config.port });
    app.ctx.proxyCheck.warnAtStart(config.host);
    if (tls) {
      const address = app.server.address();
      const tlsPort = typeof address === 'object' && address ? address.port : config.tlsPort;
      redirect = await startHttpRedirect({ host: config.host, port: config.port, tlsPort, dataDir: config.dataDir });
    }
  } catch (err) {
    await redirect?.close();
    await adminSocket?.close();
    await app.close();
    await db.destroy();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const urls = lanUrls(config.host, port, tls ? 'https' : 'http');

  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  say(`\nHearth is running. Open it in a browser on your home network:`);
  for (const url of urls) say(`  ${url}`);
  if (tls && redirect) {
    const trust = lanUrls(config.host, redirect.port).at(-1);
    say(`\nHTTPS uses Hearth's own certificate. Trust it once on each device: ${trust}/tls`);
  }
  const setupToken = await ensureSetupToken(app.ctx);
  if (setupToken) {
    say(`\nNo account exists yet. Create the first admin here (the link works once):`);
    say(`  ${urls.at(-1)}/setup?token=${setupToken}`);
    say(`or run: npx hearth user add <name> --admin`);
  }
  say('');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await redirect?.close();
      await adminSocket?.close();
      await app.ctx.generations.shutdown();
      await app.close();
      await app.ctx.bus.close();
      await db.destroy();
    })());
  return {
    app,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    ...(redirect ? { httpUrl: `http://127.0.0.1:${redirect.port}` } : {}),
    close,
  };
}

/** Hearth could not start; the message says why in plain words, and nothing else was tried. */
export class StartError extends Error {}

/**
 * Opens and migrates the configured database. A failure stops Hearth with the reason: it never
 * goes on with some other, empty database (throw-away mode is only ever asked for explicitly).
 * @throws StartError naming the database and the reason
 */
async function openAndMigrate(config: Config) {
  const where = config.databaseUrl ? 'the PostgreSQL database' : path.join(config.dataDir, 'hearth.sqlite');
  let db;
  try {
    db = openDatabase(config);
    await migrateToLatest(db);
    return db;
  } catch (err) {
    await db?.destroy().catch(() => {});
    throw new StartError(
      `Hearth cannot open its database (${where}): ${err instanceof Error ? err.message : String(err)}. ` +
        'It did not start. `hearth doctor` checks the setup; `hearth restore <file>` puts a backup back.',
      { cause: err },
    );
  }
}

/** The loud notice of throw-away mode, on stderr so it is seen even with stdout redirected. */
function memoryBanner(dataDir: string): string {
  const lines = [
    'THROW-AWAY MODE (hearth serve --memory)',
    'Nothing you do here is kept: accounts, chats, uploads and the',
    `music catalogue live in ${dataDir}`,
    'and are DELETED when Hearth stops. For a demo only.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '!'.repeat(width + 6);
  return ['', bar, ...lines.map((l) => `!! ${l.padEnd(width)} !!`), bar, ''].join('\n');
}

/**
 * A fresh temporary data dir for throw-away mode, removed when the process exits (however it
 * exits, short of SIGKILL), and the configuration pointing at it.
 */
function throwAwayConfig(config: Config): { config: Config; remove: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-memory-'));
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', remove);
  // A PostgreSQL URL would keep the data: throw-away mode always uses SQLite in the temporary dir.
  return { config: Object.freeze({ ...config, dataDir, databaseUrl: undefined, memory: true }), remove };
}

/**
 * Entry for `hearth serve`: starts and closes cleanly on SIGINT/SIGTERM. `memory`: throw-away
 * mode, in a temporary data dir removed at exit.
 * @throws StartError (or ConfigError) when Hearth cannot start
 */
export async function serve(
  env: Record<string, string | undefined> = process.env,
  options: { memory?: boolean } = {},
): Promise<void> {
  let config = loadConfig(env);
  let remove = () => {};
  if (options.memory) {
    ({ config, remove } = throwAwayConfig(config));
    process.stderr.write(`${memoryBanner(config.dataDir)}\n`);
  }
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (err) {
    remove();
    throw err;
  }
  const stop = (signal: string) => {
    server.app.log.info(`${signal}: shutting down`);
    server.close().then(
      () => {
        remove();
        process.exit(0);
      },
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        remove();
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
