/**
 * Who may call a route is settled before its body is validated: on every route that takes a
 * body (sign-in routes aside), a caller with no session and a bad body gets 401 with no word
 * about the route's fields, and on every admin route a member gets 403 the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '#server/security/index';
import { createTestApp, signedInUser, type TestApp } from '#test/helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Routes with a body schema, their URL with made-up ids. */
function bodyRoutes() {
  return routeTable(t.app)
    .filter((r) => r.url.startsWith('/api/') && r.schema?.body !== undefined && r.facts.csrf !== false)
    .map((r) => ({ method: r.method, url: r.url, path: r.url.replace(/:[A-Za-z]+/g, 'x1').replace('*', 'x1') }));
}

const BAD_BODY = JSON.stringify({ definitelyNotAField: [1, 2, 3], name: 42, title: { nested: true } });

describe('auth before validation', () => {
  it('covers the admin routes and the signed-in routes that take a body', () => {
    const routes = bodyRoutes();
    expect(routes.filter((r) => r.url.startsWith('/api/admin/')).length).toBeGreaterThan(5);
    expect(routes.filter((r) => !r.url.startsWith('/api/admin/')).length).toBeGreaterThan(5);
  });

  it('answers a caller with no session 401, without describing the body', async () => {
    for (const r of bodyRoutes()) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: r.path,
        headers: { 'content-type': 'application/json' },
        payload: BAD_BODY,
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error, `${r.method} ${r.url}`).toEqual({
        code: 'unauthorized',
        message: 'Sign in to continue.',
      });
    }
  });

  it('answers a member 403 on admin routes, without describing the body', async () => {
    const member = await signedInUser(t.app);
    for (const r of bodyRoutes().filter((x) => x.url.startsWith('/api/admin/'))) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: r.path,
        headers: { 'content-type': 'application/json', cookie: member.cookie, 'x-csrf-token': member.csrfToken },
        payload: BAD_BODY,
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.field, `${r.method} ${r.url}`).toBeUndefined();
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('still tells an admin which field is wrong', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { username: 'ok-name', password: 'short' },
    });
    expect(res.statusCode).toBe(400);
    // A field a person types gets a sentence without the field's code name.
    expect(res.json().error).toEqual({
      code: 'validation_failed',
      message: 'The password must be at least 8 characters.',
      field: 'password',
      // The rule as facts, for the web app to say it in the member's language.
      rule: 'too_short',
      limit: 8,
    });
  });
});
