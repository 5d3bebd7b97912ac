import { afterEach, describe, expect, it } from 'vitest';
import { asUser, createTestApp, createUser, login, type Session, type TestApp } from '#test/helpers';
import { updateAccount } from '#server/accounts/service';
import { sha256 } from './secrets';
import * as store from './store';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const me = (s: Session) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The stored session row behind a signed-in cookie. */
async function sessionRow(s: Session) {
  const token = s.cookie.split('=')[1]!;
  const row = await store.findSessionByTokenHash(t.app.ctx.db, sha256(token));
  if (!row) throw new Error('no session row');
  return row;
}

describe('session storage', () => {
  it('stores only the sha256 of the cookie token, with an absolute expiry', async () => {
    t = await createTestApp({ HEARTH_SESSION_MAX_DAYS: '2' });
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const row = await sessionRow(s);
    const token = s.cookie.split('=')[1]!;
    expect(row.tokenHash).not.toContain(token);
    expect(row.csrfToken).toBe(s.csrfToken);
    const lifetime = Date.parse(row.expiresAt) - Date.parse(row.createdAt);
    expect(lifetime).toBe(2 * 86_400_000);
  });
});

describe('expiry', () => {
  it('an idle session dies after HEARTH_SESSION_IDLE_HOURS', async () => {
    t = await createTestApp({ HEARTH_SESSION_IDLE_HOURS: '1' });
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const row = await sessionRow(s);
    await store.setSessionTimes(t.app.ctx.db, row.id, { lastSeenAt: ago(59 * 60_000) });
    expect((await me(s)).statusCode).toBe(200);
    // That request counted as activity: the idle clock restarted.
    expect(Date.parse((await sessionRow(s)).lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    await store.setSessionTimes(t.app.ctx.db, row.id, { lastSeenAt: ago(61 * 60_000) });
    const res = await me(s);
    expect(res.statusCode).toBe(401);
    expect(await store.findSession(t.app.ctx.db, row.id)).toBeUndefined();
  });

  it('records activity at most once a minute', async () => {
    t = await createTestApp();
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const row = await sessionRow(s);
    const recent = ago(30_000);
    await store.setSessionTimes(t.app.ctx.db, row.id, { lastSeenAt: recent });
    await me(s);
    expect((await sessionRow(s)).lastSeenAt).toBe(recent);
  });

  it('a session dies at its absolute expiry even when active', async () => {
    t = await createTestApp({ HEARTH_SESSION_MAX_DAYS: '1' });
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const row = await sessionRow(s);
    await store.setSessionTimes(t.app.ctx.db, row.id, { expiresAt: ago(1000) });
    expect((await me(s)).statusCode).toBe(401);
  });

  it("a disabled user's sessions stop working at once", async () => {
    t = await createTestApp();
    await createUser(t.app, { role: 'admin' });
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    await updateAccount(t.app.ctx, user.id, { disabled: true });
    expect((await me(s)).statusCode).toBe(401);
  });
});

describe('password change', () => {
  it('changes the password and ends the other sessions, keeping this one', async () => {
    t = await createTestApp();
    const { user, password } = await createUser(t.app);
    const here = await login(t.app, user.username, password);
    const other = await login(t.app, user.username, password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: asUser(here),
      payload: { currentPassword: password, newPassword: 'a brand new secret' },
    });
    expect(res.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    await expect(login(t.app, user.username, password)).rejects.toThrow(/401/);
    await login(t.app, user.username, 'a brand new secret');
  });

  it('refuses a wrong current password and a too-short new one, naming the field', async () => {
    t = await createTestApp();
    const { user, password } = await createUser(t.app);
    const s = await login(t.app, user.username, password);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: asUser(s),
      payload: { currentPassword: 'nope nope nope', newPassword: 'a brand new secret' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('currentPassword');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: asUser(s),
      payload: { currentPassword: password, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('newPassword');
    await login(t.app, user.username, password);
  });
});
