/**
 * Security headers on every kind of answer: the web app's page, an API reply, an API error.
 * The CSP must be exactly strict: everything from this origin only, no inline script or style,
 * no plugins, no <base>, no framing.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#test/helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The CSP header as directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(directives.has(name!)).toBe(false);
    directives.set(name!, sources);
  }
  return directives;
}

const requests = [
  { name: 'the web app page', url: '/' },
  { name: 'an API reply', url: '/api/setup' },
  { name: 'an API error', url: '/api/auth/me' },
  { name: 'an unknown route', url: '/api/nothing-here' },
];

describe.each(requests)('headers of $name', ({ url }) => {
  it('carry a strict CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = parseCsp(String(res.headers['content-security-policy']));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // Nothing from another origin, no escape hatches, anywhere in the policy.
    const sources = [...csp.values()].flat();
    for (const bad of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      "'strict-dynamic'",
      '*',
      'http:',
      'https:',
    ]) {
      expect(sources).not.toContain(bad);
    }
    expect(sources.every((s) => s.startsWith("'") || s === 'data:' || s === 'blob:')).toBe(true);
  });

  it('carry the other hardening headers', async () => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-dns-prefetch-control': 'off',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('the built web app', () => {
  const index = new URL('../../dist/web/index.html', import.meta.url);
  it.runIf(fs.existsSync(index))('has no inline script or style the CSP would block', () => {
    const html = fs.readFileSync(index, 'utf8');
    for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(tag[1]).toMatch(/\bsrc="\//);
      expect(tag[2]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    // Every asset comes from this origin.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
