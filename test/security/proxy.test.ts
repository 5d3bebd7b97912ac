/**
 * Behind a reverse proxy: X-Forwarded-* is believed only when HEARTH_TRUST_PROXY says so, and
 * then the session cookie becomes `__Host-…; Secure` for https and the session records the
 * client's real address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config';
import { cookieHeader, createTestApp, createUser, type TestApp } from '#test/helpers';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const forwarded = {
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-host': 'hearth.example.org',
};

async function signIn(remoteAddress = '127.0.0.1') {
  const { user, password } = await createUser(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password },
    headers: forwarded,
    remoteAddress,
  });
  expect(res.statusCode).toBe(200);
  const sessions = await t.app.inject({
    method: 'GET',
    url: '/api/auth/sessions',
    headers: { cookie: cookieHeader(res) },
  });
  return { res, ip: sessions.json().items[0].ip as string };
}

describe('HEARTH_TRUST_PROXY', () => {
  it('off (default): forwarded headers are ignored, the cookie is a plain http one', async () => {
    t = await createTestApp();
    const { res, ip } = await signIn();
    expect(res.cookies.map((c) => [c.name, c.secure ?? false])).toEqual([['hearth_session', false]]);
    expect(ip).toBe('127.0.0.1');
  });

  it('on: https through the proxy gives a Secure __Host- cookie and the client address', async () => {
    t = await createTestApp({ HEARTH_TRUST_PROXY: '1' });
    const { res, ip } = await signIn();
    const cookie = res.cookies.find((c) => c.name === '__Host-hearth_session');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
    expect(cookie?.domain).toBeUndefined();
    expect(res.cookies.some((c) => c.name === 'hearth_session')).toBe(false);
    expect(ip).toBe('203.0.113.7');
  });

  it('a list of proxies: only those proxies are believed', async () => {
    t = await createTestApp({ HEARTH_TRUST_PROXY: '10.0.0.1, 192.168.50.0/24' });
    const viaProxy = await signIn('192.168.50.9');
    expect(viaProxy.res.cookies[0]?.name).toBe('__Host-hearth_session');
    expect(viaProxy.ip).toBe('203.0.113.7');
    const direct = await signIn('10.0.0.2');
    expect(direct.res.cookies[0]?.name).toBe('hearth_session');
    expect(direct.ip).toBe('10.0.0.2');
  });

  it('refuses a malformed value at start', () => {
    expect(() => loadConfig({ HEARTH_TRUST_PROXY: 'nginx please' })).toThrow(/HEARTH_TRUST_PROXY/);
    expect(loadConfig({ HEARTH_TRUST_PROXY: 'yes' }).trustProxy).toBe(true);
    expect(loadConfig({ HEARTH_TRUST_PROXY: '::1,10.0.0.0/8' }).trustProxy).toEqual(['::1', '10.0.0.0/8']);
  });
});
