import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, createTestApp, createUser, login, type Session, type TestApp } from '#test/helpers';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const me = (s: Session) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
const list = (s: Session) => t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie: s.cookie } });

/** Signs in as a given browser. */
async function loginAs(username: string, password: string, userAgent: string): Promise<Session> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers: { 'user-agent': userAgent },
    remoteAddress: '192.168.1.23',
  });
  expect(res.statusCode).toBe(200);
  const body = res.json<Omit<Session, 'cookie'>>();
  return { ...body, cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}

describe('GET /api/auth/sessions', () => {
  it("lists only the caller's live sessions, newest first, marking the current one", async () => {
    const { user, password } = await createUser(t.app);
    const laptop = await loginAs(user.username, password, 'Firefox on the laptop');
    const phone = await loginAs(user.username, password, 'Safari on the phone');
    const stranger = await createUser(t.app);
    await loginAs(stranger.user.username, stranger.password, 'Stranger browser');

    const res = await list(laptop);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      userAgent: string;
      ip: string;
      current: boolean;
      createdAt: string;
      lastSeenAt: string;
      expiresAt: string;
    }[];
    expect(items.map((s) => [s.userAgent, s.current])).toEqual([
      ['Safari on the phone', false],
      ['Firefox on the laptop', true],
    ]);
    expect(items[0]).toMatchObject({ ip: '192.168.1.23' });
    for (const s of items) {
      expect(Object.keys(s).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'id',
        'ip',
        'lastSeenAt',
        'userAgent',
      ]);
    }
    // Neither secret is ever listed.
    expect(res.body).not.toContain(phone.csrfToken);
    expect(res.body).not.toContain(phone.cookie.split('=')[1]);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/sessions' })).statusCode).toBe(401);
  });
});

describe('DELETE /api/auth/sessions/:id', () => {
  it('ends another of your sessions at once; it is then gone from the list', async () => {
    const { user, password } = await createUser(t.app);
    const laptop = await login(t.app, user.username, password);
    const phone = await login(t.app, user.username, password);
    const phoneId = (await list(phone))
      .json<{ items: { id: string; current: boolean }[] }>()
      .items.find((s) => s.current)!.id;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${phoneId}`, headers: asUser(laptop) });
    expect(res.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await list(laptop)).json().items).toHaveLength(1);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${phoneId}`,
      headers: asUser(laptop),
    });
    expect(again.statusCode).toBe(404);
  });

  it("answers 404 for another user's session and leaves it alone", async () => {
    const a = await createUser(t.app);
    const b = await createUser(t.app);
    const anna = await login(t.app, a.user.username, a.password);
    const ben = await login(t.app, b.user.username, b.password);
    const bensId = (await list(ben)).json().items[0].id as string;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${bensId}`, headers: asUser(anna) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await me(ben)).statusCode).toBe(200);
  });

  it('ending your current session signs you out and clears the cookie', async () => {
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const id = (await list(s)).json().items[0].id as string;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${id}`, headers: asUser(s) });
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'hearth_session')?.value).toBe('');
    expect((await me(s)).statusCode).toBe(401);
  });
});

describe('POST /api/auth/sessions/revoke-others', () => {
  it('signs out everywhere else, keeping this session', async () => {
    const { user, password } = await createUser(t.app);
    const here = await login(t.app, user.username, password);
    const others = [await login(t.app, user.username, password), await login(t.app, user.username, password)];
    const bystander = await createUser(t.app);
    const theirs = await login(t.app, bystander.user.username, bystander.password);

    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/revoke-others', headers: asUser(here) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expect((await me(here)).statusCode).toBe(200);
    for (const s of others) expect((await me(s)).statusCode).toBe(401);
    expect((await me(theirs)).statusCode).toBe(200);
    expect((await list(here)).json().items).toHaveLength(1);
  });

  it('needs the CSRF header like every change', async () => {
    const { user, password } = await createUser(t.app);
    const here = await login(t.app, user.username, password);
    const other = await login(t.app, user.username, password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sessions/revoke-others',
      headers: { cookie: here.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    expect((await me(other)).statusCode).toBe(200);
  });
});
