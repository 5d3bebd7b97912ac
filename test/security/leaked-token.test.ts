/**
 * A leaked `models` token (made for an editor plugin), even an admin's, reaches nothing but the
 * OpenAI-compatible `/v1` routes: every other route answers 403 `token_scope` before doing any
 * work — it cannot create an admin, mint a token, read conversations or change a password. The
 * few routes any token may call (health checks, the web app's files, a token revoking itself)
 * are listed here, so a new one shows up as a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '#server/security/index';
import { createTestApp, signedInUser, type TestApp } from '#test/helpers';
import { isStaticFileRoute } from './matrix-support';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await signedInUser(t.app, { role: 'admin' });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    payload: { name: 'editor plugin' },
  });
  expect(created.json()).toMatchObject({ scope: 'models' });
  token = created.json<{ token: string }>().token;
});
afterAll(async () => {
  await t.close();
});

/** Routes a token of any scope may call on purpose. */
const ANY_TOKEN = new Set(['GET /healthz', 'GET /readyz', 'DELETE /api/auth/tokens/current', 'GET /', 'GET /*']);

const routes = () =>
  routeTable(t.app).filter((r) => !r.url.startsWith('/v1/') && r.method !== 'HEAD' && !isStaticFileRoute(r.url));

describe('a leaked models token', () => {
  it('is accepted outside /v1 only by the routes meant for any token', () => {
    const accepting = routes()
      .filter((r) => (r.facts.tokenScopes ?? []).includes('models'))
      .map((r) => `${r.method} ${r.url}`);
    expect(accepting.filter((r) => !ANY_TOKEN.has(r))).toEqual([]);
  });

  it('gets 403 token_scope from every other route, whatever the body', async () => {
    const refused = routes().filter((r) => !ANY_TOKEN.has(`${r.method} ${r.url}`));
    expect(refused.length).toBeGreaterThan(40);
    for (const r of refused) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url.replace(/:[A-Za-z]+/g, 'x1').replace('*', 'x1'),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(['GET', 'DELETE'].includes(r.method) ? {} : { payload: '{}' }),
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.code, `${r.method} ${r.url}`).toBe('token_scope');
    }
  });

  it('cannot mint a token, create an admin or change the password', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const attempts = [
      { method: 'POST' as const, url: '/api/auth/tokens', payload: { name: 'more', scope: 'admin' } },
      {
        method: 'POST' as const,
        url: '/api/admin/users',
        payload: { username: 'eve', password: 'eve is an admin now', role: 'admin' },
      },
      {
        method: 'POST' as const,
        url: '/api/auth/password',
        payload: { currentPassword: 'x', newPassword: 'y'.repeat(12) },
      },
    ];
    for (const a of attempts) {
      const res = await t.app.inject({ ...a, headers: auth });
      expect(res.statusCode, a.url).toBe(403);
      expect(res.json().error.code).toBe('token_scope');
    }
    const users = await t.app.ctx.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).not.toContain('eve');
    const tokens = await t.app.ctx.db.selectFrom('apiTokens').select('name').execute();
    expect(tokens.map((x) => x.name)).toEqual(['editor plugin']);
  });

  it('still works where it is meant to: /v1', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
  });
});
