import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const createToken = (s: Session, name: string, scope?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: asUser(s),
    payload: { name, ...(scope ? { scope } : {}) },
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('personal API tokens', () => {
  it('creates (secret shown once), lists without the secret, authenticates, and revokes', async () => {
    const s = await signedInUser(t.app);
    const created = await createToken(s, 'laptop CLI', 'chat');
    expect(created.statusCode).toBe(201);
    const { id, name, scope, token } = created.json<{ id: string; name: string; scope: string; token: string }>();
    expect(name).toBe('laptop CLI');
    expect(scope).toBe('chat');
    expect(token).toMatch(/^hearth_[A-Za-z0-9_-]{43}$/);

    const list = await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: { cookie: s.cookie } });
    expect(list.json().items).toEqual([
      { id, name: 'laptop CLI', scope: 'chat', createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(list.body).not.toContain(token.slice(7));

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(s.user.id);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: asUser(s) });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });

  it('bearer requests need no CSRF header', async () => {
    const s = await signedInUser(t.app);
    const { token } = (await createToken(s, 'script', 'chat')).json<{ token: string }>();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: bearer(token),
      payload: { title: 'From a script' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().title).toBe('From a script');
  });

  it("another user's token id answers 404 and the token keeps working", async () => {
    const anna = await signedInUser(t.app);
    const ben = await signedInUser(t.app);
    const { id, token } = (await createToken(anna, 'anna', 'chat')).json<{ id: string; token: string }>();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: asUser(ben) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const list = await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: { cookie: ben.cookie } });
    expect(list.json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('a made-up token is not signed in, and a bad name is a 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer('hearth_madeup') });
    expect(res.statusCode).toBe(401);
    const s = await signedInUser(t.app);
    const bad = await createToken(s, '   ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('name');
  });

  it('token routes need a signed-in user', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' } });
    expect(res.statusCode).toBe(401);
  });
});
