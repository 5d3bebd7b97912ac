/**
 * Logging hygiene: with the most verbose logging, a run through sign-in, tokens, password
 * change, setup and chat (a good reply and a failing one) writes no password, session or CSRF
 * token, API token, setup token, API key or message text to the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config';
import { buildApp, type App } from '#server/app';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { createContext } from '#server/services';
import { ensureSetupToken } from '#server/auth/setup';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { cookieHeader } from '#test/helpers';

let fake: FakeModelServer;
let app: App;
let db: Db;
let dataDir: string;
const lines: string[] = [];

beforeAll(async () => {
  fake = await startFakeModelServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-log-'));
  const config = loadConfig({
    HEARTH_DATA_DIR: dataDir,
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
  });
  db = openDatabase(config);
  await migrateToLatest(db);
  app = await buildApp({
    logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    buildContext: (fastify) => createContext({ config, db, log: fastify.log }),
  });
  await app.ready();
});
afterAll(async () => {
  await app.ctx.generations.shutdown();
  await app.close();
  await db.destroy();
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Everything that must never appear in the log, collected as the run goes. */
const secrets: string[] = [];

describe('the log', () => {
  it('holds requests but no secret and no message content', async () => {
    const setupToken = (await ensureSetupToken(app.ctx))!;
    secrets.push(setupToken);
    // The setup link as the browser opens it (the token in the query string), then the setup.
    await app.inject({ method: 'GET', url: `/setup?token=${setupToken}` });
    const password = 'hearth-log-test-password-1';
    secrets.push(password);
    const setup = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { token: setupToken, username: 'mum', password },
    });
    expect(setup.statusCode).toBe(200);

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'mum', password },
      headers: { 'user-agent': 'log-test' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = cookieHeader(login);
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    secrets.push(cookie.split('=')[1]!, csrf);
    const headers = { cookie, 'x-csrf-token': csrf };

    // A failed sign-in with a guess that must not be logged either.
    const guess = 'wrong-guess-never-logged';
    secrets.push(guess);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mum', password: guess } }))
        .statusCode,
    ).toBe(401);
    // Malformed JSON carrying a password.
    const broken = 'broken-json-password-never-logged';
    secrets.push(broken);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"mum","password":"${broken}"`,
    });
    expect(bad.statusCode).toBe(400);

    const token = await app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers,
      payload: { name: 'cli', scope: 'chat' },
    });
    expect(token.statusCode).toBe(201);
    const apiToken = token.json<{ token: string }>().token;
    secrets.push(apiToken);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${apiToken}` } }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: 'Bearer hearth_not-a-real-token-xyz' },
        })
      ).statusCode,
    ).toBe(401);
    secrets.push('hearth_not-a-real-token-xyz');

    // An invite: its link, opened by the newcomer, and the sign-up with it (path secrets).
    expect(
      (await app.inject({ method: 'PATCH', url: '/api/admin/settings', headers, payload: { signupMode: 'invite' } }))
        .statusCode,
    ).toBe(200);
    const invite = await app.inject({
      method: 'POST',
      url: '/api/admin/invites',
      headers,
      payload: { expiresInHours: 24 },
    });
    expect(invite.statusCode).toBe(201);
    const inviteToken = invite.json<{ token: string }>().token;
    secrets.push(inviteToken);
    expect((await app.inject({ method: 'GET', url: `/api/invites/${inviteToken}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/invites/${inviteToken}x/extra` })).statusCode).toBeLessThan(
      500,
    );
    const newcomerPassword = 'hearth-log-test-newcomer-pw';
    secrets.push(newcomerPassword);
    const signup = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token: inviteToken, username: 'nan', password: newcomerPassword },
    });
    expect(signup.statusCode).toBe(200);
    secrets.push(cookieHeader(signup).split('=')[1]!);

    const newPassword = 'hearth-log-test-password-2';
    secrets.push(newPassword);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: password, newPassword },
    });
    expect(changed.statusCode).toBe(204);

    // Chat: a message and its reply, then a reply that fails mid-way.
    const conversation = await app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers,
      payload: { model: 'env-1/fake-model', title: 'Log test' },
    });
    expect(conversation.statusCode).toBe(201);
    const id = conversation.json<{ id: string }>().id;
    const content = 'my private question about the doctor appointment';
    const reply = 'a private answer about the appointment time';
    secrets.push(content, reply);
    fake.enqueue({ reply });
    const sent = await app.inject({
      method: 'POST',
      url: `/api/conversations/${id}/messages`,
      headers,
      payload: { content, stream: false },
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().assistantMessage.content).toBe(reply);
    const content2 = 'second private question for the failing model';
    const partial = 'partial private words';
    secrets.push(content2, partial);
    fake.enqueue({ reply: `${partial} and then more`, errorAfterTokens: 3, errorMessage: 'the model crashed' });
    const failed = await app.inject({
      method: 'POST',
      url: `/api/conversations/${id}/messages`,
      headers,
      payload: { content: content2, stream: false },
    });
    expect(failed.statusCode).toBeLessThan(600);

    // The log did record the traffic (so this test would see a leak if there were one).
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('/api/auth/login');
    expect(log).toContain('/api/conversations/');
    expect(log).toContain('/api/invites/[redacted]');
    for (const secret of secrets) expect(log, `the log contains "${secret}"`).not.toContain(secret);
    // Partial words of message content (a word-level leak) do not show up either.
    expect(log).not.toContain('doctor appointment');
  });
});
