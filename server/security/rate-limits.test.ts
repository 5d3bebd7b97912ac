import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '#server/config';
import { asUser, createTestApp, createUser, signedInUser, type TestApp } from '#test/helpers';
import { routeTable } from './index';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** A 429 in the standard envelope with a sane Retry-After. */
function expectRateLimited(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(429);
  expect(res.json().error.code).toBe('rate_limited');
  expect(res.json().error.message).toEqual(expect.any(String));
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('sign-in rate limit (per address)', () => {
  it('refuses the attempt past the limit from one address, not from another', async () => {
    t = await createTestApp({ HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: '3' });
    const { user, password } = await createUser(t.app);
    const attempt = (ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password },
        remoteAddress: ip,
      });
    for (let i = 0; i < 3; i++) expect((await attempt('192.168.1.10')).statusCode).toBe(200);
    const refused = await attempt('192.168.1.10');
    expectRateLimited(refused);
    expect(refused.cookies).toHaveLength(0);
    // Setup and passkey sign-in count towards the same limit.
    expectRateLimited(
      await t.app.inject({ method: 'POST', url: '/api/setup', payload: {}, remoteAddress: '192.168.1.10' }),
    );
    expect((await attempt('192.168.1.11')).statusCode).toBe(200);
  });
});

describe('chat send rate limit (per user)', () => {
  it('refuses sends past the limit for that user only', async () => {
    t = await createTestApp({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '2' });
    const anna = await signedInUser(t.app);
    const ben = await signedInUser(t.app);
    const send = (s: typeof anna, path = '/api/conversations/nope/messages') =>
      t.app.inject({ method: 'POST', url: path, headers: asUser(s), payload: { content: 'hi', stream: false } });
    // Attempts count whatever their outcome (here: no such conversation).
    expect((await send(anna)).statusCode).toBe(404);
    expect((await send(anna)).statusCode).toBe(404);
    expectRateLimited(await send(anna));
    expect((await send(ben)).statusCode).toBe(404);
    // Other calls of the same user are not chat sends.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: anna.cookie } })).statusCode,
    ).toBe(200);
  });

  it('GET /api/me/limits tells what is left this minute, without counting against it', async () => {
    t = await createTestApp({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '3' });
    const anna = await signedInUser(t.app);
    const limits = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/me/limits', headers: { cookie: anna.cookie } })).json<{
        chat: { perMinute: number; remaining: number; resetAt: string } | null;
      }>().chat;
    expect(await limits()).toMatchObject({ perMinute: 3, remaining: 3 });
    expect(await limits()).toMatchObject({ remaining: 3 }); // asking does not count
    await t.app.inject({
      method: 'POST',
      url: '/api/conversations/nope/messages',
      headers: asUser(anna),
      payload: { content: 'hi', stream: false },
    });
    const after = await limits();
    expect(after).toMatchObject({ perMinute: 3, remaining: 2 });
    expect(Date.parse(after!.resetAt)).toBeGreaterThan(Date.now());
    await t.close();
    t = await createTestApp({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0' });
    const ben = await signedInUser(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/me/limits', headers: { cookie: ben.cookie } });
    expect(res.json()).toEqual({ chat: null });
  });

  it('by default lets a user send 40 messages in a minute (the benchmark does)', async () => {
    t = await createTestApp();
    expect(loadConfig({}).rateLimits.chatPerMinute).toBeGreaterThanOrEqual(40);
    const anna = await signedInUser(t.app);
    for (let i = 0; i < 40; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/conversations/nope/messages',
        headers: asUser(anna),
        payload: { content: 'hi' },
      });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('general API rate limit', () => {
  it('counts a signed-in user across addresses, and a signed-out caller by address', async () => {
    t = await createTestApp({ HEARTH_RATE_LIMIT_API_PER_MINUTE: '4' });
    const anna = await signedInUser(t.app);
    const me = (ip: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: anna.cookie }, remoteAddress: ip });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) expect((await me(ip)).statusCode).toBe(200);
    expectRateLimited(await me('10.0.0.5'));
    // Signed out: per address.
    const anon = (ip: string) => t.app.inject({ method: 'GET', url: '/api/setup', remoteAddress: ip });
    for (let i = 0; i < 4; i++) expect((await anon('10.0.1.1')).statusCode).toBe(200);
    expectRateLimited(await anon('10.0.1.1'));
    expect((await anon('10.0.1.2')).statusCode).toBe(200);
    // Health checks and the web app are not API calls.
    for (let i = 0; i < 6; i++)
      expect((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.1.1' })).statusCode).toBe(200);
  });

  it('0 turns a limit off', async () => {
    t = await createTestApp({ HEARTH_RATE_LIMIT_API_PER_MINUTE: '0', HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: '0' });
    for (let i = 0; i < 50; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).statusCode).toBe(200);
  });
});

describe('configuration', () => {
  it('reads the four limits, 0 meaning off, and refuses nonsense at start', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      signInPerMinute: 30,
      chatPerMinute: 60,
      apiPerMinute: 600,
      dataPerMinute: 10,
    });
    expect(loadConfig({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0' }).rateLimits.chatPerMinute).toBe(0);
    expect(() => loadConfig({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: 'lots' })).toThrow(
      /HEARTH_RATE_LIMIT_CHAT_PER_MINUTE/,
    );
    expect(() => loadConfig({ HEARTH_RATE_LIMIT_API_PER_MINUTE: '-5' })).toThrow(/HEARTH_RATE_LIMIT_API_PER_MINUTE/);
    expect(loadConfig({ HEARTH_PUBLIC_URL: 'https://hearth.example.org/chat/' }).publicUrl).toBe(
      'https://hearth.example.org',
    );
    expect(() => loadConfig({ HEARTH_PUBLIC_URL: 'ftp://hearth.example.org' })).toThrow(/HEARTH_PUBLIC_URL/);
  });
});

/** "METHOD url" of every route whose facts match `pick` (HEAD twins share their GET's facts). */
const routesWith = (app: TestApp['app'], pick: (r: ReturnType<typeof routeTable>[number]) => boolean) =>
  routeTable(app)
    .filter((r) => r.method !== 'HEAD' && pick(r))
    .map((r) => `${r.method} ${r.url}`)
    .sort();

describe('the limited routes say so themselves', () => {
  it('sign-in, chat-send and whole-history routes carry their rate-limit class', async () => {
    t = await createTestApp();
    // Removing the fact from a route (or renaming it) loses its limit: this list notices.
    expect(routesWith(t.app, (r) => r.facts.rateLimitClass === 'signIn')).toEqual([
      'POST /api/auth/login',
      'POST /api/auth/passkeys/login/options',
      'POST /api/auth/passkeys/login/verify',
      'POST /api/auth/signup',
      'POST /api/setup',
    ]);
    expect(routesWith(t.app, (r) => r.facts.rateLimitClass === 'chat')).toEqual([
      'POST /api/conversations/:id/messages',
      'POST /api/messages/:id/edit',
      'POST /api/messages/:id/regenerate',
      'POST /v1/chat/completions',
    ]);
    expect(routesWith(t.app, (r) => r.facts.rateLimitClass === 'data').sort()).toEqual(
      ['GET /api/me/export', 'POST /api/admin/music/import', 'POST /api/conversations/import'].sort(),
    );
  });

  it('only the sign-in routes skip the CSRF check', async () => {
    t = await createTestApp();
    expect(routesWith(t.app, (r) => r.facts.csrf === false)).toEqual(
      routesWith(t.app, (r) => r.facts.rateLimitClass === 'signIn'),
    );
  });
});
