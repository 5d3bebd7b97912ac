import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, cookieHeader, createTestApp, createUser, login, type TestApp } from '#test/helpers';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const postLogin = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, headers });

describe('login', () => {
  it('signs in with the right password: user, csrf token and a hardened cookie', async () => {
    const { user, password } = await createUser(t.app, { username: 'anna', displayName: 'Anna' });
    const res = await postLogin({ username: 'Anna', password });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      id: user.id,
      username: 'anna',
      displayName: 'Anna',
      role: 'member',
      supervised: false,
    });
    expect(body.user.settings).toEqual({
      theme: 'system',
      defaultModel: null,
      lastConversationId: null,
      customInstructions: '',
      streamReplies: true,
      language: null,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'hearth_session');
    expect(cookie).toBeDefined();
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.secure).toBeFalsy();
  });

  it('answers wrong password and unknown user with the same 401', async () => {
    const { user } = await createUser(t.app);
    const wrong = await postLogin({ username: user.username, password: 'not the password' });
    const unknown = await postLogin({ username: 'nobody', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.cookies).toHaveLength(0);
  });

  it('gives a new session token on every sign-in', async () => {
    const { user, password } = await createUser(t.app);
    const a = await login(t.app, user.username, password);
    const b = await login(t.app, user.username, password);
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.csrfToken).not.toBe(b.csrfToken);
  });

  it('works with a stale cookie present and ends the previous session', async () => {
    const { user, password } = await createUser(t.app);
    const first = await login(t.app, user.username, password);
    const stale = await postLogin({ username: user.username, password }, { cookie: 'hearth_session=gone' });
    expect(stale.statusCode).toBe(200);
    // The stale cookie's clearing must not win over the new session's cookie.
    expect(stale.cookies.filter((c) => c.name === 'hearth_session').map((c) => c.value)).toEqual([
      expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    ]);
    const again = await postLogin({ username: user.username, password }, { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const old = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(again) } });
    expect(fresh.statusCode).toBe(200);
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    const res = await postLogin({ username: 'anna' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'password' });
  });

  it('tells a disabled user with the right password that the account is paused, and whom to ask', async () => {
    const { user, password } = await createUser(t.app);
    const { updateAccount } = await import('#server/accounts/service');
    await createUser(t.app, { role: 'admin', displayName: 'Mum' });
    await updateAccount(t.app.ctx, user.id, { disabled: true });
    const res = await postLogin({ username: user.username, password });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({
      code: 'account_paused',
      message: 'Your account is paused — ask Mum.',
      admin: 'Mum',
    });
    expect(res.cookies).toHaveLength(0);
    const audit = await t.app.ctx.db
      .selectFrom('auditLog')
      .select(['action', 'target', 'detail'])
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(audit).toEqual([{ action: 'auth.login_failed', target: user.id, detail: expect.any(String) }]);
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ blocked: 'disabled' });
  });

  it('answers a wrong password for a disabled user exactly like an unknown user', async () => {
    const { user } = await createUser(t.app);
    const { updateAccount } = await import('#server/accounts/service');
    await createUser(t.app, { role: 'admin' });
    await updateAccount(t.app.ctx, user.id, { disabled: true });
    const wrong = await postLogin({ username: user.username, password: 'not the password' });
    const unknown = await postLogin({ username: 'nobody-at-all', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });
});

describe('me and logout', () => {
  it('GET /api/auth/me answers the user and csrf token, 401 without a session', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: s.user, csrfToken: s.csrfToken });
    const anon = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthorized');
  });

  it('logout kills the session server-side: the old cookie is refused', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: asUser(s) });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'hearth_session');
    expect(cleared?.value).toBe('');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated change without (or with a wrong) X-CSRF-Token', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'wrong' }]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/me/settings', headers, payload: { theme: 'dark' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
    }
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/settings',
      headers: asUser(s),
      payload: { theme: 'dark' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.settings.theme).toBe('dark');
  });

  it('uses each session its own token', async () => {
    const { user, password } = await createUser(t.app);
    const a = await login(t.app, user.username, password);
    const b = await login(t.app, user.username, password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: a.cookie, 'x-csrf-token': b.csrfToken },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('settings', () => {
  it('PATCH /api/me/settings sets the language, back to null (follow the browser), and refuses others', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/me/settings', headers: asUser(s), payload });
    const me = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).json<{
        user: { settings: Record<string, unknown> };
      }>().user;
    expect((await me()).settings.language).toBeNull();
    expect((await patch({ language: 'de' })).json().user.settings.language).toBe('de');
    // Another setting's change keeps the language.
    await patch({ theme: 'dark' });
    expect((await me()).settings).toMatchObject({ language: 'de', theme: 'dark' });
    for (const language of ['fr', 'DE', '', 7]) {
      const bad = await patch({ language });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('language');
    }
    expect((await me()).settings.language).toBe('de');
    await patch({ language: null });
    expect((await me()).settings.language).toBeNull();
  });

  it('PATCH /api/me/settings changes name, theme and default model, and they stick', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/settings',
      headers: asUser(s),
      payload: { displayName: 'Grandma', theme: 'light', defaultModel: 'qwen3-8b' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      displayName: 'Grandma',
      settings: { theme: 'light', defaultModel: 'qwen3-8b' },
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.json().user).toMatchObject({
      displayName: 'Grandma',
      settings: { theme: 'light', defaultModel: 'qwen3-8b' },
    });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/settings',
      headers: asUser(s),
      payload: { theme: 'purple' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('theme');
  });
});

describe('secure cookies', () => {
  it('uses a Secure __Host- cookie when HEARTH_SECURE_COOKIES=always, and reads it back', async () => {
    const secure = await createTestApp({ HEARTH_SECURE_COOKIES: 'always' });
    try {
      const { user, password } = await createUser(secure.app);
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password },
      });
      const cookie = res.cookies.find((c) => c.name === '__Host-hearth_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
      const me = await secure.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: cookieHeader(res) },
      });
      expect(me.statusCode).toBe(200);
    } finally {
      await secure.close();
    }
  });
});
