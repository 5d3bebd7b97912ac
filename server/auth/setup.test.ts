import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, createUser, type TestApp } from '#test/helpers';
import { ensureSetupToken } from './setup';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const status = async () => (await t.app.inject({ method: 'GET', url: '/api/setup' })).json<{ needed: boolean }>();
const setup = (payload: object) => t.app.inject({ method: 'POST', url: '/api/setup', payload });

describe('one-time setup link', () => {
  it('creates the first admin once, signs them in, and then closes', async () => {
    expect(await status()).toEqual({ needed: false, memory: false });
    const token = await ensureSetupToken(t.app.ctx);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await status()).toEqual({ needed: true, memory: false });

    const res = await setup({ token, username: 'Mum', displayName: 'Mum', password: 'kitchen table 42' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'mum', role: 'admin', supervised: false });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(res) } });
    expect(me.json().user.username).toBe('mum');

    expect(await status()).toEqual({ needed: false, memory: false });
    const again = await setup({ token, username: 'intruder', password: 'kitchen table 42' });
    expect(again.statusCode).toBe(409);
    expect(await ensureSetupToken(t.app.ctx)).toBeNull();
  });

  it('refuses a wrong token with 403 and keeps the right one usable', async () => {
    const token = await ensureSetupToken(t.app.ctx);
    const wrong = await setup({ token: 'guess', username: 'mum', password: 'kitchen table 42' });
    expect(wrong.statusCode).toBe(403);
    const ok = await setup({ token, username: 'mum', password: 'kitchen table 42' });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses with 403 when no token is live, and bad bodies with 400 naming the field', async () => {
    const none = await setup({ token: 'anything', username: 'mum', password: 'kitchen table 42' });
    expect(none.statusCode).toBe(403);
    const token = await ensureSetupToken(t.app.ctx);
    const short = await setup({ token, username: 'mum', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('password');
    expect(await status()).toEqual({ needed: true, memory: false });
  });

  it('is not offered when users exist', async () => {
    await createUser(t.app);
    expect(await ensureSetupToken(t.app.ctx)).toBeNull();
    expect(await status()).toEqual({ needed: false, memory: false });
  });
});
