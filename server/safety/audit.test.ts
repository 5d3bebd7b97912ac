/** The audit log: every security event is written, filterable, paginated, and free of secrets. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditList, type AuditEntry } from '#common/admin';
import { ensureSetupToken } from '#server/auth/setup';
import { createTestApp, login, signedInUser, type Session, type TestApp } from '#test/helpers';
import { call } from '#server/admin/test-support';
import { audit, scrubDetail } from './audit';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function entries(query = ''): Promise<AuditEntry[]> {
  const res = await call(t.app, admin, 'GET', `/api/admin/audit?limit=200${query}`);
  expect(res.statusCode).toBe(200);
  return AuditList.parse(res.json()).items;
}

describe('the audit log', () => {
  it('records the first admin made through the setup link', async () => {
    const token = (await ensureSetupToken(t.app.ctx))!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { token, username: 'root', password: 'setup password 1' },
    });
    expect(res.statusCode).toBe(200);
    admin = await login(t.app, 'root', 'setup password 1');
    const [setup] = await entries('&action=setup.completed');
    expect(setup).toMatchObject({
      action: 'setup.completed',
      actor: { id: admin.user.id, username: 'root' },
      target: admin.user.id,
      ip: '127.0.0.1',
    });
  });

  it('records sign-ins, failures (with the attempted name, never the password), sign-out, password and token changes', async () => {
    const { user } = await signedInUser(t.app, { username: 'fiona', password: 'fionas password 1' });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Fiona', password: 'wrong guess 123' },
    });
    expect(bad.statusCode).toBe(401);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'wrong guess 456' },
    });
    const fiona = await login(t.app, 'fiona', 'fionas password 1');
    const changed = await call(t.app, fiona, 'POST', '/api/auth/password', {
      currentPassword: 'fionas password 1',
      newPassword: 'fionas new pw 2',
    });
    expect(changed.statusCode).toBe(204);
    const created = (await call(t.app, fiona, 'POST', '/api/auth/tokens', { name: 'laptop' })).json<{
      id: string;
      token: string;
    }>();
    await call(t.app, fiona, 'DELETE', `/api/auth/tokens/${created.id}`);
    await call(t.app, fiona, 'POST', '/api/auth/logout');

    const mine = (await entries(`&actorId=${user.id}`)).map((e) => [e.action, e.target]);
    expect(mine.reverse()).toEqual([
      ['auth.login', user.id], // signedInUser
      ['auth.login', user.id],
      ['auth.password_changed', user.id],
      ['auth.token_created', created.id],
      ['auth.token_revoked', created.id],
      ['auth.logout', user.id],
    ]);
    const failed = await entries('&action=auth.login_failed');
    // An unknown account's typed name is kept only as a fingerprint: it may be a password.
    expect(failed.map((e) => [e.actor, e.detail, e.summary])).toEqual([
      [
        null,
        { unknownAccount: expect.stringMatching(/^[0-9a-f]{8}$/) },
        'A sign-in for an account that does not exist failed',
      ],
      [null, { username: 'fiona' }, `A sign-in as ${user.displayName} failed (wrong password)`],
    ]);
    expect(JSON.stringify(failed)).not.toContain('nobody');
    const everything = JSON.stringify(await entries());
    for (const secret of ['wrong guess', 'fionas password', 'fionas new pw', created.token])
      expect(everything).not.toContain(secret);
  });

  it('records account changes with actor and target, and filters by target, action prefix and time', async () => {
    const since = new Date().toISOString();
    const created = await call(t.app, admin, 'POST', '/api/admin/users', {
      username: 'gus',
      password: 'gus password 12',
    });
    const gusId = created.json<{ id: string }>().id;
    await call(t.app, admin, 'PATCH', `/api/admin/users/${gusId}`, {
      role: 'admin',
      displayName: 'Gus',
      modelIds: ['a/b'],
    });
    await call(t.app, admin, 'PATCH', `/api/admin/users/${gusId}`, { disabled: true });
    await call(t.app, admin, 'PATCH', `/api/admin/users/${gusId}`, { disabled: false, password: 'reset password 3' });
    await call(t.app, admin, 'POST', '/api/admin/tasks', { id: 'chores', name: 'Chores' });
    await call(t.app, admin, 'PATCH', '/api/admin/tasks/chores', { enabled: false });
    await call(t.app, admin, 'DELETE', '/api/admin/tasks/chores');
    await call(t.app, admin, 'PATCH', '/api/admin/settings', { signupMode: 'invite' });
    const invite = (await call(t.app, admin, 'POST', '/api/admin/invites', { expiresInHours: 1 })).json<{
      id: string;
      token: string;
    }>();
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token: invite.token, username: 'hal', password: 'hals password 1' },
    });
    const halId = signup.json<{ user: { id: string } }>().user.id;
    await call(t.app, admin, 'DELETE', `/api/admin/users/${gusId}`);

    const aboutGus = (await entries(`&targetId=${gusId}`)).reverse();
    expect(aboutGus.map((e) => e.action)).toEqual([
      'user.created',
      'user.role_changed',
      'user.updated',
      'user.disabled',
      'user.enabled',
      'user.password_reset',
      'user.deleted',
    ]);
    expect(aboutGus.every((e) => e.actor?.id === admin.user.id && e.ip === '127.0.0.1')).toBe(true);
    expect(aboutGus[1]!.detail).toEqual({ username: 'gus', from: 'member', to: 'admin' });
    expect(aboutGus[2]!.detail).toEqual({ username: 'gus', fields: ['displayName', 'modelIds'] });
    expect(aboutGus.at(-1)!.detail).toMatchObject({ username: 'gus' });
    // Gus is gone: the entries still say who he was.
    expect(aboutGus[0]!.targetUser).toEqual({ id: gusId, username: 'gus' });

    expect((await entries('&action=task.')).map((e) => e.action).reverse()).toEqual([
      'task.created',
      'task.updated',
      'task.deleted',
    ]);
    expect((await entries('&action=settings.updated'))[0]!.detail).toEqual({ signupMode: 'invite' });
    const invites = (await entries('&action=invite.')).map((e) => [e.action, e.target, e.actor?.id]);
    expect(invites.reverse()).toEqual([
      ['invite.created', invite.id, admin.user.id],
      ['invite.used', invite.id, halId],
    ]);
    expect((await entries('&action=auth.signup'))[0]).toMatchObject({
      actor: { id: halId, username: 'hal' },
      target: halId,
    });

    const recent = await entries(`&from=${encodeURIComponent(since)}`);
    expect(recent.some((e) => e.action === 'auth.login_failed')).toBe(false);
    expect(recent.some((e) => e.action === 'user.created')).toBe(true);
    const before = await entries(`&to=${encodeURIComponent(since)}`);
    expect(before.some((e) => e.action === 'user.created' && e.target === gusId)).toBe(false);
    expect(await entries(`&from=${encodeURIComponent('2999-01-01T00:00:00+02:00')}`)).toEqual([]);
  });

  it('pages newest first with a cursor, and rejects bad filters with 400', async () => {
    const all = await entries();
    expect(all.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(t.app, admin, 'GET', `/api/admin/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      const page = AuditList.parse(res.json());
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(all.map((e) => Number(e.id))).toEqual([...all.map((e) => Number(e.id))].sort((a, b) => b - a));

    for (const query of ['from=yesterday', 'limit=0', 'limit=201', 'cursor=!!']) {
      const res = await call(t.app, admin, 'GET', `/api/admin/audit?${query}`);
      expect([query, res.statusCode]).toEqual([query, 400]);
    }
  });

  it('never stores secret-looking or content fields in detail', () => {
    expect(
      scrubDetail({
        username: 'x',
        password: 'p',
        newPassword: 'p',
        apiKey: 'k',
        token: 't',
        sessionToken: 't',
        content: 'hello',
        tokenId: 'id-1',
        nested: { password: 'p' },
        fields: ['name', { x: 1 }],
        long: 'a'.repeat(500),
      }),
    ).toEqual({ username: 'x', tokenId: 'id-1', fields: ['name'], long: `${'a'.repeat(200)}…` });
  });

  it('never fails the request it records: sign-in works with the audit table gone', async () => {
    const broken = await createTestApp();
    try {
      await signedInUser(broken.app, { username: 'ivy', password: 'ivys password 1' });
      await sql`drop table audit_log`.execute(broken.app.ctx.db);
      await expect(audit(broken.app.ctx, { action: 'auth.login', actorId: null })).resolves.toBeUndefined();
      await login(broken.app, 'ivy', 'ivys password 1');
    } finally {
      await broken.close();
    }
  });
});
