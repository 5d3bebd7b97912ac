/**
 * API token scopes: a token reaches only the routes that accept its scope (403 `token_scope`
 * elsewhere, before the route does anything), members cannot hold admin tokens, no token can
 * mint tokens or change a password, and any token can revoke itself. The authorization matrix
 * (test/security) checks every route with a token of each scope; these are the rules in words.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { migrations } from '#server/db/migrations/index';
import { asUser, createTestApp, createUser, signedInUser, type Session, type TestApp } from '#test/helpers';
import { createApiToken, resolveApiToken } from './api-tokens';
import { sha256 } from './secrets';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const createToken = async (s: Session, scope?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: asUser(s),
    payload: { name: 'a token', ...(scope ? { scope } : {}) },
  });
const tokenOf = async (s: Session, scope?: string) => {
  const res = await createToken(s, scope);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; scope: string; token: string }>();
};
const as = (
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('token scopes', () => {
  it('a token is `models` unless asked otherwise: /v1 only', async () => {
    const s = await signedInUser(t.app);
    const { token, scope } = await tokenOf(s);
    expect(scope).toBe('models');
    expect((await as(token, 'GET', '/v1/models')).statusCode).toBe(200);
    const me = await as(token, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(403);
    expect(me.json().error.code).toBe('token_scope');
    expect(me.json().error.message).toMatch(/other apps/);
    expect(me.json().error.message).toMatch(/terminal client/);
  });

  it('a chat token reaches conversations, models, tasks, usage and /v1 — and not the rest', async () => {
    const s = await signedInUser(t.app);
    const { token } = await tokenOf(s, 'chat');
    const made = await as(token, 'POST', '/api/conversations', { title: 'From the terminal' });
    expect(made.statusCode).toBe(201);
    for (const url of [
      '/api/auth/me',
      '/api/models',
      '/api/tasks',
      '/api/me/usage',
      '/api/conversations',
      `/api/conversations/${made.json().id}`,
      '/v1/models',
      '/api/me/supervision',
    ]) {
      expect((await as(token, 'GET', url)).statusCode, url).toBe(200);
    }
    // Deleting history, settings and sessions stay with the browser.
    for (const [method, url] of [
      ['DELETE', `/api/conversations/${made.json().id}`],
      ['GET', '/api/auth/sessions'],
      ['PATCH', '/api/me/settings'],
      ['GET', '/api/me/export'],
      // A guardian's Family page is the browser's: no token reaches a child's controls or words.
      ['GET', '/api/family'],
    ] as const) {
      const res = await as(token, method, url, method === 'PATCH' ? { theme: 'dark' } : undefined);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('token_scope');
    }
  });

  it('no token can mint tokens or change a password, whatever its scope', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    for (const scope of ['models', 'chat', 'admin']) {
      const { token } = await tokenOf(admin, scope);
      const mint = await as(token, 'POST', '/api/auth/tokens', { name: 'another', scope: 'admin' });
      expect(mint.statusCode, scope).toBe(403);
      expect(mint.json().error.code).toBe('token_scope');
      expect(mint.json().error.message).toMatch(/No API token can do this/);
      const password = await as(token, 'POST', '/api/auth/password', {
        currentPassword: 'whatever it was',
        newPassword: 'a brand new passphrase',
      });
      expect(password.statusCode, scope).toBe(403);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: { cookie: admin.cookie } });
    expect(list.json().items).toHaveLength(3);
  });

  it('only an admin can hold an admin token, which reaches the admin routes only', async () => {
    const member = await signedInUser(t.app);
    const refused = await createToken(member, 'admin');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.field).toBe('scope');

    const admin = await signedInUser(t.app, { role: 'admin' });
    const { token } = await tokenOf(admin, 'admin');
    expect((await as(token, 'GET', '/api/admin/users')).statusCode).toBe(200);
    expect((await as(token, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await as(token, 'GET', '/api/conversations')).statusCode).toBe(403);
    expect((await as(token, 'GET', '/v1/models')).statusCode).toBe(403);
    // A chat token of the same admin does not reach the admin console.
    const chat = await tokenOf(admin, 'chat');
    expect((await as(chat.token, 'GET', '/api/admin/users')).statusCode).toBe(403);
  });

  it('an unknown scope is a 400 naming the field', async () => {
    const s = await signedInUser(t.app);
    const res = await createToken(s, 'everything');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('scope');
  });

  it('a scope refusal comes before the route reads anything: /v1 answers in OpenAI’s format', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const { token } = await tokenOf(admin, 'admin');
    const res = await as(token, 'POST', '/v1/chat/completions', { nonsense: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'token_scope', type: expect.any(String) });
  });

  it('an unknown URL with a token is still 404', async () => {
    const s = await signedInUser(t.app);
    const { token } = await tokenOf(s, 'chat');
    expect((await as(token, 'GET', '/api/no-such-thing')).statusCode).toBe(404);
  });
});

describe('DELETE /api/auth/tokens/current', () => {
  it('any token revokes itself, and only itself', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const keep = await tokenOf(admin, 'chat');
    for (const scope of ['models', 'chat', 'admin']) {
      const { token } = await tokenOf(admin, scope);
      expect((await as(token, 'DELETE', '/api/auth/tokens/current')).statusCode, scope).toBe(204);
      expect((await as(token, 'DELETE', '/api/auth/tokens/current')).statusCode, scope).toBe(401);
    }
    expect((await as(keep.token, 'GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('a browser session is told to sign out instead', async () => {
    const s = await signedInUser(t.app);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/auth/tokens/current', headers: asUser(s) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/sign out/i);
  });
});

describe('migration 0008', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it('makes every existing token a `models` token', async () => {
    db = openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-scope-migration-')) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const before = Object.keys(migrations)
      .filter((name) => name < '0008')
      .sort()
      .at(-1)!;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const now = new Date().toISOString();
    await sql`INSERT INTO users (id, username, display_name, role, created_at, updated_at)
      VALUES ('u1', 'anna', 'Anna', 'admin', ${now}, ${now})`.execute(db);
    // An old token: made for a script when every token could reach everything.
    await sql`INSERT INTO api_tokens (id, user_id, name, token_hash, created_at)
      VALUES ('t1', 'u1', 'old script', ${sha256('hearth_old-token-secret')}, ${now})`.execute(db);

    await migrateToLatest(db);
    const resolved = await resolveApiToken({ db }, 'hearth_old-token-secret');
    expect(resolved).toMatchObject({ tokenId: 't1', scope: 'models' });
  });
});

it('a token made in code (tests, operator commands) defaults to `models` too', async () => {
  const { user } = await createUser(t.app);
  expect((await createApiToken(t.app.ctx, user, 'code')).scope).toBe('models');
});
