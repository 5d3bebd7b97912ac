/**
 * Test factories: a real app on a real temporary SQLite file, real users, real sign-in.
 * No mocks: the only fake is the model server (test/fakes/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '#server/config';
import { migrateToLatest, openDatabase } from '#server/db/database';
import { buildApp, type App } from '#server/app';
import { createContext, type ServiceOverrides } from '#server/services';
import { createUser as createUserAccount } from '#server/accounts/service';
import type { User } from '#common/auth';

export type TestApp = { app: App; config: Config; dataDir: string; close: () => Promise<void> };

/** What a test may bring to its app. */
export type TestAppOptions = {
  /** Replaces any of the services createContext builds (one bus shared by two apps, …). */
  services?: ServiceOverrides;
  /** Collects the app's log lines (JSON, debug level and up); no logging when absent. */
  logLines?: string[];
};

/**
 * Builds the app on a fresh temporary data dir. `env` overrides configuration (a second app on
 * the same HEARTH_DATA_DIR opens the same database file, as a second process would).
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { services = {}, logLines } = options;
  const dataDir = env.HEARTH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-'));
  // Generated titles off unless a test asks: their extra chat request would take the fake's queued scripts.
  const config = loadConfig({
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_MODEL_SERVERS: '',
    HEARTH_GENERATED_TITLES: '0',
    ...env,
    HEARTH_DATA_DIR: dataDir,
  });
  const db = openDatabase(config);
  await migrateToLatest(db);
  const app = await buildApp({
    logger: logLines ? { level: 'debug', stream: { write: (line) => void logLines.push(line) } } : false,
    trustProxy: config.trustProxy,
    buildContext: (fastify) => createContext({ ...services, config, db, log: fastify.log }),
  });
  await app.ready();
  return {
    app,
    config,
    dataDir,
    close: async () => {
      await app.ctx.generations.shutdown();
      await app.close();
      await db.destroy();
    },
  };
}

let userCounter = 0;

/** Makes a user straight in the database (as `hearth user add` would). */
export async function createUser(
  app: App,
  input: {
    username?: string;
    password?: string;
    role?: 'admin' | 'member';
    supervised?: boolean;
    displayName?: string;
  } = {},
): Promise<{ user: User; password: string }> {
  const password = input.password ?? 'correct horse battery staple';
  const user = await createUserAccount(app.ctx, {
    username: input.username ?? `user${++userCounter}`,
    password,
    role: input.role ?? 'member',
    supervised: input.supervised ?? false,
    ...(input.displayName ? { displayName: input.displayName } : {}),
  });
  return { user, password };
}

/** A signed-in browser session: its cookie header and CSRF token. */
export type Session = { user: User; cookie: string; csrfToken: string };

/** Signs in through POST /api/auth/login, as a browser does. */
export async function login(app: App, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { ...res.json<{ user: User; csrfToken: string }>(), cookie: cookieHeader(res) };
}

/** Creates a user and signs them in. */
export async function signedInUser(app: App, input: Parameters<typeof createUser>[1] = {}): Promise<Session> {
  const { user, password } = await createUser(app, input);
  return login(app, user.username, password);
}

/** The `cookie` request header that replays a response's Set-Cookie. */
export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Headers for a cookie-authenticated, state-changing request. */
export const asUser = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });
