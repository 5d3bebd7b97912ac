/** Sign-up settings, invites, and signing up with one: off by default, one use, expiring. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedInvite, InviteList, InviteStatus } from '#common/admin';
import { SessionReply } from '#common/auth';
import { cookieHeader, createTestApp, login, type Session, type TestApp } from '#test/helpers';
import { adminAndMember, call } from '#server/admin/test-support';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  ({ admin } = await adminAndMember(t.app));
});
afterAll(async () => {
  await t.close();
});

async function newInvite(body: object = { expiresInHours: 24 }): Promise<CreatedInvite> {
  const res = await call(t.app, admin, 'POST', '/api/admin/invites', body);
  expect(res.statusCode).toBe(201);
  return CreatedInvite.parse(res.json());
}

const signup = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/signup', payload });
const status = async (token: string) =>
  InviteStatus.parse((await t.app.inject({ method: 'GET', url: `/api/invites/${encodeURIComponent(token)}` })).json());

describe('sign-up with invites', () => {
  it('is off by default: even a real invite does not work until an admin turns invite mode on', async () => {
    expect((await call(t.app, admin, 'GET', '/api/admin/settings')).json()).toEqual({ signupMode: 'off' });
    const invite = await newInvite();
    expect(await status(invite.token)).toEqual({ valid: false, reason: 'signup_off' });
    const res = await signup({ token: invite.token, username: 'early', password: 'early bird pw 1' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'invite_invalid' } });
    const bad = await call(t.app, admin, 'PATCH', '/api/admin/settings', { signupMode: 'open' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { field: 'signupMode' } });
    expect((await call(t.app, admin, 'PATCH', '/api/admin/settings', { signupMode: 'invite' })).json()).toEqual({
      signupMode: 'invite',
    });
  });

  it('signs the new member in and kills the invite; a second use is 410', async () => {
    const invite = await newInvite({ expiresInHours: 2, role: 'member', supervised: true });
    // The link is on the origin the admin used (inject's is localhost:80).
    expect(invite.url).toBe(`http://localhost:80/signup?token=${invite.token}`);
    expect(new Date(invite.expiresAt).getTime() - Date.now()).toBeGreaterThan(119 * 60_000);
    expect(await status(invite.token)).toEqual({ valid: true });

    const res = await signup({
      token: invite.token,
      username: 'Newcomer',
      displayName: 'New Comer',
      password: 'welcome home 123',
    });
    expect(res.statusCode).toBe(200);
    const session = SessionReply.parse(res.json());
    expect(session.user).toMatchObject({
      username: 'newcomer',
      displayName: 'New Comer',
      role: 'member',
      supervised: true,
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(res) } });
    expect(me.statusCode).toBe(200);
    await login(t.app, 'newcomer', 'welcome home 123');

    expect(await status(invite.token)).toEqual({ valid: false, reason: 'used' });
    const again = await signup({ token: invite.token, username: 'sneaky', password: 'sneaky sneaky 1' });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ error: { code: 'invite_expired' } });

    const list = InviteList.parse((await call(t.app, admin, 'GET', '/api/admin/invites')).json());
    const listed = list.items.find((i) => i.id === invite.id)!;
    expect(listed).toMatchObject({
      state: 'used',
      usedBy: { id: session.user.id, username: 'newcomer' },
      createdBy: { id: admin.user.id },
    });
    expect(JSON.stringify(list)).not.toContain(invite.token);
  });

  it('keeps the invite when the username is taken or the password too short', async () => {
    const invite = await newInvite();
    const taken = await signup({ token: invite.token, username: admin.user.username, password: 'some good pw 12' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { field: 'username' } });
    const short = await signup({ token: invite.token, username: 'shorty', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { field: 'password' } });
    expect(await status(invite.token)).toEqual({ valid: true });
    expect((await signup({ token: invite.token, username: 'shorty', password: 'long enough now 1' })).statusCode).toBe(
      200,
    );
  });

  it('refuses an expired invite (410) and an unknown token (403)', async () => {
    const invite = await newInvite({ expiresInHours: 1 });
    await t.app.ctx.db
      .updateTable('invites')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', invite.id)
      .execute();
    expect(await status(invite.token)).toEqual({ valid: false, reason: 'expired' });
    const late = await signup({ token: invite.token, username: 'late', password: 'too late now 1' });
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ error: { code: 'invite_expired' } });
    const list = InviteList.parse((await call(t.app, admin, 'GET', '/api/admin/invites')).json());
    expect(list.items.find((i) => i.id === invite.id)?.state).toBe('expired');

    expect(await status('made-up-token')).toEqual({ valid: false, reason: 'unknown' });
    const unknown = await signup({ token: 'made-up-token', username: 'guess', password: 'guessing game 1' });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json()).toMatchObject({ error: { code: 'invite_invalid' } });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { username: 'x' } })).statusCode,
    ).toBe(400);
  });

  it('lets exactly one of two racing sign-ups use an invite', async () => {
    const invite = await newInvite();
    const [a, b] = await Promise.all([
      signup({ token: invite.token, username: 'racer-a', password: 'racing along 1' }),
      signup({ token: invite.token, username: 'racer-b', password: 'racing along 2' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 410]);
  });

  it('validates expiresInHours (1..720) and revokes invites', async () => {
    for (const expiresInHours of [0, 721, 1.5, '24']) {
      const res = await call(t.app, admin, 'POST', '/api/admin/invites', { expiresInHours });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { field: 'expiresInHours' } });
    }
    const invite = await newInvite({ expiresInHours: 720 });
    expect((await call(t.app, admin, 'DELETE', `/api/admin/invites/${invite.id}`)).statusCode).toBe(204);
    expect((await call(t.app, admin, 'DELETE', `/api/admin/invites/${invite.id}`)).statusCode).toBe(404);
    expect(await status(invite.token)).toEqual({ valid: false, reason: 'unknown' });
  });
});
