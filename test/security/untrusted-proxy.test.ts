/**
 * A reverse proxy Hearth was not told about (HEARTH_TRUST_PROXY unset): the first forwarded
 * request from a local peer is logged as a warning and shows on the admin's home screen
 * (GET /api/admin/warnings); with the proxy trusted, or from a peer on the internet, nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInUser, type TestApp } from '#test/helpers';
import { isLocalPeer } from '#server/security/proxy-check';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function warningsAfter(remoteAddress: string) {
  await t.app.inject({
    method: 'GET',
    url: '/api/setup',
    headers: { 'x-forwarded-for': '192.168.1.23' },
    remoteAddress,
  });
  const admin = await signedInUser(t.app, { role: 'admin' });
  const res = await t.app.inject({ method: 'GET', url: '/api/admin/warnings', headers: { cookie: admin.cookie } });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: { code: string; message: string }[] }>().items;
}

describe('an untrusted reverse proxy', () => {
  it('is logged once and shown to the admin when a local peer forwards requests', async () => {
    const lines: string[] = [];
    t = await createTestApp({}, { logLines: lines });
    const items = await warningsAfter('127.0.0.1');
    expect(items).toEqual([
      expect.objectContaining({ code: 'untrusted_proxy', message: expect.stringContaining('HEARTH_TRUST_PROXY') }),
    ]);
    expect(items[0]!.message).toContain('every device looks like one address');
    await t.app.inject({ method: 'GET', url: '/api/setup', headers: { 'x-forwarded-for': '10.0.0.9' } });
    const warnings = lines.filter((l) => l.includes('HEARTH_TRUST_PROXY is not set'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!).level).toBe(40);
  });

  it('says nothing when the proxy is trusted, or the forwarding peer is on the internet', async () => {
    t = await createTestApp({ HEARTH_TRUST_PROXY: '127.0.0.1' });
    expect(await warningsAfter('127.0.0.1')).toEqual([]);
    await t.close();
    t = await createTestApp();
    expect(await warningsAfter('203.0.113.50')).toEqual([]);
  });

  it('a member cannot read the warnings', async () => {
    t = await createTestApp();
    const member = await signedInUser(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/warnings', headers: { cookie: member.cookie } });
    expect(res.statusCode).toBe(403);
  });

  it('knows which peers are local', () => {
    for (const a of [
      '127.0.0.1',
      '::1',
      '::ffff:192.168.0.4',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.9.9',
      'fd12:3456::1',
      'fe80::1',
    ])
      expect(isLocalPeer(a), a).toBe(true);
    for (const a of ['203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1', undefined])
      expect(isLocalPeer(a), String(a)).toBe(false);
  });
});
