/**
 * Starts Hearth: load config → open db → migrate → build app → recover → listen.
 * `hearth serve` (and so `npm start`) calls startServer().
 */
import os from 'node:os';
import { loadConfig, type Config } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { buildApp, type App } from './app';
import { createContext } from './services';
import { ensureSetupToken } from './auth/setup';
import { startAdminSocket, type AdminSocket } from './ops/admin-socket';

/** Every address a browser on the home network can use to reach this server. */
export function lanUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host}:${port}`];
  const urls = [`http://localhost:${port}`];
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}`);
    }
  }
  return urls;
}

/** A running server, for the CLI and for tests that restart it. */
export type RunningServer = { app: App; url: string; close: () => Promise<void> };

/** Opens the database, builds the app and listens. */
export async function startServer(config: Config, options: { quiet?: boolean } = {}): Promise<RunningServer> {
  const db = openDatabase(config);
  await migrateToLatest(db);
  const app = await buildApp({
    logger: options.quiet ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    buildContext: (fastify) => createContext({ config, db, log: fastify.log }),
  });
  let adminSocket: AdminSocket | undefined;
  try {
    // Before recovery: a second server on this data dir is refused here, before it could mark
    // the first one's running replies as interrupted.
    adminSocket = await startAdminSocket(app.ctx);
    const interrupted = await app.ctx.generations.recoverAfterRestart();
    if (interrupted > 0)
      app.log.warn(`${interrupted} reply(ies) left unfinished by the last run were marked interrupted`);
    await app.listen({ host: config.host, port: config.port });
    app.ctx.proxyCheck.warnAtStart(config.host);
  } catch (err) {
    await adminSocket?.close();
    await app.close();
    await db.destroy();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const urls = lanUrls(config.host, port);

  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };
  say(`\nHearth is running. Open it in a browser on your home network:`);
  for (const url of urls) say(`  ${url}`);
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
      await adminSocket?.close();
      await app.ctx.generations.shutdown();
      await app.close();
      await app.ctx.bus.close();
      await db.destroy();
    })());
  return { app, url: `http://127.0.0.1:${port}`, close };
}

/** Entry for `hearth serve`: starts and closes cleanly on SIGINT/SIGTERM. */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<void> {
  const server = await startServer(loadConfig(env));
  const stop = (signal: string) => {
    server.app.log.info(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
