/**
 * Friendly names: a server from HEARTH_MODEL_SERVERS gets a readable name the admin can change
 * (its address stays in the config); models get display names or are hidden from members, who
 * then never see a hidden model nor send with it (web API and /v1 alike).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminConnection, AdminConnectionList, ModelSettingsReply } from '#common/admin';
import { ModelsReply } from '#common/models';
import { call } from '#server/admin/test-support';
import { createApiToken } from '#server/auth/api-tokens';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';

let fake: FakeModelServer;
let t: TestApp;
let admin: Session;
let member: Session;

beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({ HEARTH_MODEL_SERVERS: `ollama=${fake.ollamaBaseUrl}` });
  admin = await signedInUser(t.app, { role: 'admin' });
  member = await signedInUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const connection = async (id: string) =>
  AdminConnectionList.parse((await call(t.app, admin, 'GET', '/api/admin/connections')).json()).items.find(
    (c) => c.id === id,
  );
const modelsOf = async (s: Session) => ModelsReply.parse((await call(t.app, s, 'GET', '/api/models')).json());

describe('configured model servers', () => {
  it('have a readable default name, never only a URL', async () => {
    const env = await connection('env-1');
    expect(env).toMatchObject({
      name: 'Ollama on this computer',
      source: 'env',
      maxConcurrent: null,
      hiddenModels: [],
    });
    const mine = await modelsOf(member);
    expect(mine.items[0]?.connectionName).toBe('Ollama on this computer');
  });

  it('take a new name and maxConcurrent; the address stays', async () => {
    const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1', {
      name: 'Living-room PC',
      maxConcurrent: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = AdminConnection.parse(res.json());
    expect(after).toMatchObject({ name: 'Living-room PC', maxConcurrent: 2, source: 'env' });
    expect(after.baseUrl).toContain('127.0.0.1');
    const mine = await modelsOf(member);
    expect(mine.items.every((m) => m.connectionName === 'Living-room PC')).toBe(true);
    expect(mine.servers[0]?.name).toBe('Living-room PC');
  });

  it('refuse fields that come from HEARTH_MODEL_SERVERS with a 400 naming the field', async () => {
    for (const [field, value] of [
      ['baseUrl', 'http://127.0.0.1:9'],
      ['provider', 'openai'],
      ['apiKey', 'sk-x'],
      ['enabled', false],
    ] as const) {
      const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1', { [field]: value });
      expect(res.statusCode, field).toBe(400);
      const { error } = res.json<{ error: { field: string; message: string } }>();
      expect(error.field).toBe(field);
      expect(error.message).toContain('HEARTH_MODEL_SERVERS');
    }
  });

  it('answer 400 to bad settings and 404 to an unknown server; members get 403', async () => {
    const bad = [
      { maxConcurrent: 0 },
      { maxConcurrent: 'two' },
      { name: '' },
      { hiddenModels: ['someone-else/fake-model'] },
      { hiddenModels: 'env-1/fake-model' },
    ];
    for (const body of bad) {
      const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call(t.app, admin, 'PATCH', '/api/admin/connections/nope', { name: 'x' })).statusCode).toBe(404);
    const models = { model: 'fake-model', name: 'x' };
    expect((await call(t.app, admin, 'PATCH', '/api/admin/connections/nope/models', models)).statusCode).toBe(404);
    expect((await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1/models', { model: '' })).statusCode).toBe(
      400,
    );
    expect(
      (await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1/models', { model: 'm', name: 'x'.repeat(81) }))
        .statusCode,
    ).toBe(400);
    expect((await call(t.app, member, 'PATCH', '/api/admin/connections/env-1', { name: 'Mine' })).statusCode).toBe(403);
    expect((await call(t.app, member, 'PATCH', '/api/admin/connections/env-1/models', models)).statusCode).toBe(403);
  });
});

describe('model display names and hidden models', () => {
  it('show the display name to members; the server’s name stays for tools', async () => {
    const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1/models', {
      model: 'fake-model',
      name: 'Homework helper',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(ModelSettingsReply.parse(res.json())).toEqual({
      id: 'env-1/fake-model',
      name: 'Homework helper',
      hidden: false,
    });
    const model = (await modelsOf(member)).items.find((m) => m.id === 'env-1/fake-model');
    expect(model).toMatchObject({ name: 'Homework helper', serverName: 'fake-model' });
  });

  it('hide a model from members, who can then neither list nor send with it (/api and /v1)', async () => {
    const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1', {
      hiddenModels: ['env-1/fake-reasoner'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(AdminConnection.parse(res.json()).hiddenModels).toEqual(['env-1/fake-reasoner']);

    const mine = await modelsOf(member);
    expect(mine.items.map((m) => m.id)).toEqual(['env-1/fake-model']);
    // The admin still sees it, marked, to be able to show it again.
    const all = await modelsOf(admin);
    expect(all.items.find((m) => m.id === 'env-1/fake-reasoner')?.hidden).toBe(true);

    const conv = await call(t.app, member, 'POST', '/api/conversations', { title: 'Hi' });
    expect(conv.statusCode).toBe(201);
    const send = await call(t.app, member, 'POST', `/api/conversations/${conv.json<{ id: string }>().id}/messages`, {
      content: 'Hello',
      model: 'env-1/fake-reasoner',
      stream: false,
    });
    expect(send.statusCode).toBe(404);
    expect(send.json<{ error: { code: string } }>().error.code).toBe('model_not_found');

    const { token } = await createApiToken(t.app.ctx, member.user, 'tests');
    const v1 = await t.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: `Bearer ${token}` },
      payload: { model: 'env-1/fake-reasoner', messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect(v1.statusCode).toBe(404);
    expect(v1.json<{ error: { code: string } }>().error.code).toBe('model_not_found');
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.json<{ data: { id: string }[] }>().data.map((m) => m.id)).not.toContain('env-1/fake-reasoner');
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('show a hidden model again when the admin lists no hidden models', async () => {
    const res = await call(t.app, admin, 'PATCH', '/api/admin/connections/env-1', { hiddenModels: [] });
    expect(res.statusCode).toBe(200);
    expect((await modelsOf(member)).items.map((m) => m.id)).toContain('env-1/fake-reasoner');
  });
});
