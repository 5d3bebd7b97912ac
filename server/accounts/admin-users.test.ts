/** /api/admin/users and the allow-lists, through the real app with the fake model server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUser, AdminUserList, UserDataSummary } from '#common/admin';
import { ModelsReply } from '#common/models';
import { TasksReply } from '#common/tasks';
import { createTestApp, login, signedInUser, type Session, type TestApp } from '#test/helpers';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { ADMIN_ROUTES, adminAndMember, call } from '#server/admin/test-support';

let fake: FakeModelServer;
let t: TestApp;
let admin: Session;
let member: Session;
beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({ HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}` });
  ({ admin, member } = await adminAndMember(t.app));
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** Sends a message (stream: false) in a new conversation; returns the conversation id. */
async function chat(s: Session, content: string, model = 'env-1/fake-model'): Promise<string> {
  const created = await call(t.app, s, 'POST', '/api/conversations', { model });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: string }>().id;
  const sent = await call(t.app, s, 'POST', `/api/conversations/${id}/messages`, { content, stream: false });
  expect(sent.statusCode).toBe(200);
  return id;
}

describe('admin routes: who may call them', () => {
  it('answers 401 without a session and 403 to a member, changing nothing', async () => {
    for (const route of ADMIN_ROUTES) {
      const anon = await call(t.app, null, route.method, route.url, route.payload);
      expect([route.url, anon.statusCode, anon.json<{ error: { code: string } }>().error.code]).toEqual([
        route.url,
        401,
        'unauthorized',
      ]);
      const asMember = await call(t.app, member, route.method, route.url, route.payload);
      expect([route.url, asMember.statusCode, asMember.json<{ error: { code: string } }>().error.code]).toEqual([
        route.url,
        403,
        'forbidden',
      ]);
    }
    const tasks = await call(t.app, admin, 'GET', '/api/admin/tasks');
    expect(tasks.json<{ items: { id: string; enabled: boolean }[] }>().items.map((x) => [x.id, x.enabled])).toEqual([
      ['general', true],
      ['music', true],
    ]);
    expect((await call(t.app, admin, 'GET', '/api/admin/settings')).json()).toEqual({ signupMode: 'off' });
    const users = AdminUserList.parse((await call(t.app, admin, 'GET', '/api/admin/users?limit=200')).json());
    expect(users.items.some((u) => u.username === 'newbie')).toBe(false);
  });
});

describe('/api/admin/users', () => {
  it('creates a user who can then sign in, and refuses a taken name or a short password naming the field', async () => {
    const res = await call(t.app, admin, 'POST', '/api/admin/users', {
      username: 'Grandma',
      displayName: 'Grandma Rose',
      password: 'knitting needles 42',
      supervised: false,
    });
    expect(res.statusCode).toBe(201);
    const user = AdminUser.parse(res.json());
    expect(user).toMatchObject({
      username: 'grandma',
      displayName: 'Grandma Rose',
      role: 'member',
      disabled: false,
      modelIds: null,
      taskIds: null,
    });
    await login(t.app, 'grandma', 'knitting needles 42');

    const taken = await call(t.app, admin, 'POST', '/api/admin/users', {
      username: 'grandma',
      password: 'another good one 9',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: 'conflict', field: 'username' } });
    const short = await call(t.app, admin, 'POST', '/api/admin/users', { username: 'kid', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { code: 'validation_failed', field: 'password' } });
  });

  it('lists users newest first, page by page, with allow-lists and last activity', async () => {
    const first = AdminUserList.parse((await call(t.app, admin, 'GET', '/api/admin/users?limit=1')).json());
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = AdminUserList.parse(
      (await call(t.app, admin, 'GET', `/api/admin/users?limit=1&cursor=${first.nextCursor}`)).json(),
    );
    expect(second.items[0]!.id < first.items[0]!.id).toBe(true);
    const all = AdminUserList.parse((await call(t.app, admin, 'GET', '/api/admin/users?limit=200')).json());
    const me = all.items.find((u) => u.id === admin.user.id)!;
    expect(me).toMatchObject({ role: 'admin', disabled: false, modelIds: null, taskIds: null });
    expect(me.lastSeenAt).not.toBeNull();
    expect((await call(t.app, admin, 'GET', '/api/admin/users?cursor=%%%')).statusCode).toBe(400);
  });

  it('edits name, supervision and role; resetting the password ends their sessions', async () => {
    const kid = await signedInUser(t.app, { password: 'old password 123' });
    const patched = await call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, {
      displayName: 'Little one',
      supervised: true,
      role: 'admin',
    });
    expect(patched.statusCode).toBe(200);
    expect(AdminUser.parse(patched.json())).toMatchObject({
      displayName: 'Little one',
      supervised: true,
      role: 'admin',
    });
    // The role is live at once: their session now reaches admin routes.
    expect((await call(t.app, kid, 'GET', '/api/admin/settings')).statusCode).toBe(200);
    await call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, { role: 'member' });
    expect((await call(t.app, kid, 'GET', '/api/admin/settings')).statusCode).toBe(403);

    const reset = await call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, {
      password: 'brand new secret 9',
    });
    expect(reset.statusCode).toBe(200);
    expect((await call(t.app, kid, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await login(t.app, kid.user.username, 'brand new secret 9');
    expect((await call(t.app, admin, 'PATCH', '/api/admin/users/NOPE', { displayName: 'x' })).statusCode).toBe(404);
    const bad = await call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, { role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { field: 'role' } });
  });

  it('disables and re-enables: a disabled user cannot sign in or use a token', async () => {
    const bob = await signedInUser(t.app, { password: 'bobs password 1' });
    const token = (await call(t.app, bob, 'POST', '/api/auth/tokens', { name: 'cli', scope: 'chat' })).json<{
      token: string;
    }>().token;
    const off = await call(t.app, admin, 'PATCH', `/api/admin/users/${bob.user.id}`, { disabled: true });
    expect(AdminUser.parse(off.json()).disabled).toBe(true);
    expect((await call(t.app, bob, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: bob.user.username, password: 'bobs password 1' },
    });
    // The right password hears that the account is paused (and whom to ask), not "wrong".
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().error.code).toBe('account_paused');
    await call(t.app, admin, 'PATCH', `/api/admin/users/${bob.user.id}`, { disabled: false });
    await login(t.app, bob.user.username, 'bobs password 1');
  });

  it('summarises and then deletes a user with their data; the admin never sees the content', async () => {
    const carol = await signedInUser(t.app);
    const secret = 'my diary: the surprise party is on friday';
    const conversationId = await chat(carol, secret);
    await call(t.app, carol, 'POST', '/api/auth/tokens', { name: 'laptop' });

    const summary = UserDataSummary.parse(
      (await call(t.app, admin, 'GET', `/api/admin/users/${carol.user.id}/summary`)).json(),
    );
    expect(summary).toEqual({
      userId: carol.user.id,
      username: carol.user.username,
      conversations: 1,
      messages: 2,
      apiTokens: 1,
      sessions: 1,
    });

    // No admin route shows content, and the admin cannot open a member's conversation.
    for (const url of [
      '/api/admin/users?limit=200',
      `/api/admin/users/${carol.user.id}`,
      `/api/admin/users/${carol.user.id}/summary`,
      '/api/admin/audit?limit=200',
      '/api/admin/tasks',
      '/api/admin/connections',
      '/api/admin/invites',
    ]) {
      const res = await call(t.app, admin, 'GET', url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.body).not.toContain('surprise party');
      expect(res.body).not.toContain('Hello from the fake');
    }
    expect((await call(t.app, admin, 'GET', `/api/conversations/${conversationId}`)).statusCode).toBe(404);
    expect(
      (await call(t.app, admin, 'GET', `/api/conversations?q=surprise`)).json<{ items: unknown[] }>().items,
    ).toEqual([]);

    const del = await call(t.app, admin, 'DELETE', `/api/admin/users/${carol.user.id}`);
    expect(del.statusCode).toBe(204);
    expect((await call(t.app, carol, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await call(t.app, admin, 'GET', `/api/admin/users/${carol.user.id}/summary`)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'DELETE', `/api/admin/users/${carol.user.id}`)).statusCode).toBe(404);
    const left = await t.app.ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('userId', '=', carol.user.id)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('the last enabled admin', () => {
  it('can neither lose the role, nor be disabled, nor deleted (409 naming the field); a second admin unlocks it', async () => {
    const own = await createTestApp();
    try {
      const boss = await signedInUser(own.app, { role: 'admin' });
      const id = boss.user.id;
      const demote = await call(own.app, boss, 'PATCH', `/api/admin/users/${id}`, {
        role: 'member',
        displayName: 'Changed',
      });
      expect(demote.statusCode).toBe(409);
      expect(demote.json()).toMatchObject({ error: { code: 'conflict', field: 'role' } });
      const disable = await call(own.app, boss, 'PATCH', `/api/admin/users/${id}`, {
        disabled: true,
        password: 'new password 77',
      });
      expect(disable.statusCode).toBe(409);
      expect(disable.json()).toMatchObject({ error: { code: 'conflict', field: 'disabled' } });
      expect((await call(own.app, boss, 'DELETE', `/api/admin/users/${id}`)).statusCode).toBe(409);
      // Nothing of the refused edits was written.
      const me = AdminUser.parse((await call(own.app, boss, 'GET', `/api/admin/users/${id}`)).json());
      expect(me).toMatchObject({ role: 'admin', disabled: false, displayName: boss.user.displayName });
      await login(own.app, boss.user.username, 'correct horse battery staple');

      // A disabled second admin does not count.
      const other = await call(own.app, boss, 'POST', '/api/admin/users', {
        username: 'second',
        password: 'second admin pw 1',
        role: 'admin',
      });
      const secondId = AdminUser.parse(other.json()).id;
      await call(own.app, boss, 'PATCH', `/api/admin/users/${secondId}`, { disabled: true });
      expect((await call(own.app, boss, 'PATCH', `/api/admin/users/${id}`, { role: 'member' })).statusCode).toBe(409);
      await call(own.app, boss, 'PATCH', `/api/admin/users/${secondId}`, { disabled: false });
      const ok = await call(own.app, boss, 'PATCH', `/api/admin/users/${id}`, { role: 'member' });
      expect(ok.statusCode).toBe(200);
      expect(AdminUser.parse(ok.json()).role).toBe('member');
    } finally {
      await own.close();
    }
  });
});

describe('allow-lists', () => {
  it('limit GET /api/models, sending and new conversations to the allowed models (404 model_not_found otherwise)', async () => {
    const dan = await signedInUser(t.app);
    const patched = await call(t.app, admin, 'PATCH', `/api/admin/users/${dan.user.id}`, {
      modelIds: ['env-1/fake-model'],
    });
    expect(AdminUser.parse(patched.json()).modelIds).toEqual(['env-1/fake-model']);

    const models = ModelsReply.parse((await call(t.app, dan, 'GET', '/api/models')).json());
    expect(models.items.map((m) => m.id)).toEqual(['env-1/fake-model']);
    const everyone = ModelsReply.parse((await call(t.app, member, 'GET', '/api/models')).json());
    expect(everyone.items.map((m) => m.id)).toEqual(['env-1/fake-model', 'env-1/fake-reasoner']);

    const forbiddenNew = await call(t.app, dan, 'POST', '/api/conversations', { model: 'env-1/fake-reasoner' });
    expect(forbiddenNew.statusCode).toBe(404);
    expect(forbiddenNew.json()).toMatchObject({ error: { code: 'model_not_found', field: 'model' } });
    const conversationId = await chat(dan, 'hello there');
    const before = fake.chatRequests().length;
    const forbiddenSend = await call(t.app, dan, 'POST', `/api/conversations/${conversationId}/messages`, {
      content: 'use the other one',
      model: 'env-1/fake-reasoner',
      stream: false,
    });
    expect(forbiddenSend.statusCode).toBe(404);
    expect(forbiddenSend.json()).toMatchObject({ error: { code: 'model_not_found' } });
    expect(fake.chatRequests().length).toBe(before);
    const forbiddenSwitch = await call(t.app, dan, 'PATCH', `/api/conversations/${conversationId}`, {
      model: 'env-1/fake-reasoner',
    });
    expect(forbiddenSwitch.statusCode).toBe(404);

    // null: everything again.
    await call(t.app, admin, 'PATCH', `/api/admin/users/${dan.user.id}`, { modelIds: null });
    expect(ModelsReply.parse((await call(t.app, dan, 'GET', '/api/models')).json()).items).toHaveLength(2);
    await chat(dan, 'now the reasoner', 'env-1/fake-reasoner');
  });

  it('limit GET /api/tasks and the tasks a conversation may use', async () => {
    const eve = await signedInUser(t.app);
    await call(t.app, admin, 'PATCH', `/api/admin/users/${eve.user.id}`, { taskIds: ['music'] });
    expect(TasksReply.parse((await call(t.app, eve, 'GET', '/api/tasks')).json()).items.map((x) => x.id)).toEqual([
      'music',
    ]);
    const refused = await call(t.app, eve, 'POST', '/api/conversations', { taskId: 'general' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { field: 'taskId' } });
    const fallback = await call(t.app, eve, 'POST', '/api/conversations', {});
    expect(fallback.json()).toMatchObject({ taskId: 'music' });
    expect(TasksReply.parse((await call(t.app, member, 'GET', '/api/tasks')).json()).items.map((x) => x.id)).toEqual([
      'general',
      'music',
    ]);
  });
});
