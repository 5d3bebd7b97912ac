/**
 * GET/PATCH /api/admin/first-run on a real SQLite app and the fake model server: each step
 * follows what is really there (a configured server with models, a second account, a reply in
 * the admin's own chat), auto-detection finds a server on a probe address, and "hidden" is the
 * only thing stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdminConnection } from '#common/admin';
import { FirstRunState } from '#common/first-run';
import { call } from '#server/admin/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, createUser, signedInUser, type Session, type TestApp } from '#test/helpers';

let fake: FakeModelServer;
const apps: TestApp[] = [];

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await fake.close();
});

/** An app where auto-detection looks at the fake (and nothing is configured unless `env` says). */
async function appProbingFake(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({
    HEARTH_PROBE_DEFAULT_SERVERS: '1',
    HEARTH_PROBE_SERVERS: `openai=${fake.openaiBaseUrl}`,
    HEARTH_MODELS_CACHE_SECONDS: '0',
    ...env,
  });
  apps.push(t);
  return t;
}

async function stateOf(t: TestApp, admin: Session): Promise<FirstRunState> {
  const res = await call(t.app, admin, 'GET', '/api/admin/first-run');
  expect(res.statusCode, res.body).toBe(200);
  return FirstRunState.parse(res.json());
}

/** Sends one message in a new chat and waits for the whole reply. */
async function chat(t: TestApp, who: Session, model: string): Promise<void> {
  const made = await call(t.app, who, 'POST', '/api/conversations', { model });
  expect(made.statusCode, made.body).toBe(201);
  const sent = await call(t.app, who, 'POST', `/api/conversations/${made.json<{ id: string }>().id}/messages`, {
    content: 'Hello there',
    stream: false,
  });
  expect(sent.statusCode, sent.body).toBe(200);
  expect(sent.json()).toMatchObject({ assistantMessage: { status: 'complete' } });
}

describe('the first-run guide', () => {
  it('starts with every step open and offers the detected server', async () => {
    const t = await appProbingFake();
    const admin = await signedInUser(t.app, { role: 'admin' });
    const state = await stateOf(t, admin);
    expect(state).toMatchObject({
      show: true,
      dismissed: false,
      steps: { models: false, family: false, firstMessage: false },
      servers: [],
    });
    // The probed server already answers, but only a configured one stays when another is added.
    expect(state.detected).toEqual([
      {
        name: 'Model server on this computer',
        provider: 'openai',
        baseUrl: fake.openaiBaseUrl,
        modelCount: 2,
        connectionId: null,
      },
    ]);
  });

  it('checks each step off from real state, then goes away by itself', async () => {
    const t = await appProbingFake();
    const admin = await signedInUser(t.app, { role: 'admin' });
    const [detected] = (await stateOf(t, admin)).detected;

    // One click: the detected server is added as it was found.
    const added = await call(t.app, admin, 'POST', '/api/admin/connections', {
      name: detected!.name,
      provider: detected!.provider,
      baseUrl: detected!.baseUrl,
      enabled: true,
    });
    expect(added.statusCode, added.body).toBe(201);
    const connection = AdminConnection.parse(added.json());
    let state = await stateOf(t, admin);
    expect(state.steps).toEqual({ models: true, family: false, firstMessage: false });
    expect(state.servers).toEqual([{ id: connection.id, name: detected!.name, modelCount: 2 }]);
    expect(state.detected).toMatchObject([{ baseUrl: fake.openaiBaseUrl, connectionId: connection.id }]);

    // A member who chats is family, but their reply is not the admin's first message.
    const member = await signedInUser(t.app);
    await chat(t, member, `${connection.id}/fake-model`);
    state = await stateOf(t, admin);
    expect(state.steps).toEqual({ models: true, family: true, firstMessage: false });
    expect(state.show).toBe(true);

    await chat(t, admin, `${connection.id}/fake-model`);
    state = await stateOf(t, admin);
    expect(state).toMatchObject({ show: false, dismissed: false, detected: [] });
    expect(state.steps).toEqual({ models: true, family: true, firstMessage: true });
  });

  it('shows a detected server that is already configured as done', async () => {
    // The same server under another loopback name is still the same server.
    const t = await appProbingFake({
      HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl.replace('127.0.0.1', 'localhost')}`,
    });
    const admin = await signedInUser(t.app, { role: 'admin' });
    const state = await stateOf(t, admin);
    expect(state.steps.models).toBe(true);
    expect(state.servers).toMatchObject([{ id: 'env-1', modelCount: 2 }]);
    expect(state.detected).toMatchObject([{ connectionId: 'env-1', modelCount: 2 }]);
  });

  it('offers nothing when nothing answers where it looks, or when detection is off', async () => {
    const silent = await appProbingFake({ HEARTH_PROBE_SERVERS: 'ollama=http://127.0.0.1:9' });
    const admin = await signedInUser(silent.app, { role: 'admin' });
    expect(await stateOf(silent, admin)).toMatchObject({ detected: [], steps: { models: false } });

    const off = await appProbingFake({ HEARTH_PROBE_DEFAULT_SERVERS: '0' });
    const offAdmin = await signedInUser(off.app, { role: 'admin' });
    expect((await stateOf(off, offAdmin)).detected).toEqual([]);
  });

  it('stores "hidden" only when the admin hides it, for every admin', async () => {
    const t = await appProbingFake();
    const admin = await signedInUser(t.app, { role: 'admin' });
    const hide = await call(t.app, admin, 'PATCH', '/api/admin/first-run', { dismissed: true });
    expect(hide.statusCode, hide.body).toBe(200);
    expect(FirstRunState.parse(hide.json())).toMatchObject({ show: false, dismissed: true, detected: [] });
    const second = await signedInUser(t.app, { role: 'admin' });
    expect(await stateOf(t, second)).toMatchObject({ show: false, dismissed: true });

    const back = await call(t.app, second, 'PATCH', '/api/admin/first-run', { dismissed: false });
    expect(FirstRunState.parse(back.json())).toMatchObject({ show: true, dismissed: false });
  });

  it('refuses members, strangers and bad bodies', async () => {
    const t = await appProbingFake();
    const admin = await signedInUser(t.app, { role: 'admin' });
    const member = await signedInUser(t.app);
    expect((await call(t.app, null, 'GET', '/api/admin/first-run')).statusCode).toBe(401);
    expect((await call(t.app, member, 'GET', '/api/admin/first-run')).statusCode).toBe(403);
    expect((await call(t.app, member, 'PATCH', '/api/admin/first-run', { dismissed: true })).statusCode).toBe(403);
    const bad = await call(t.app, admin, 'PATCH', '/api/admin/first-run', { dismissed: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', field: 'dismissed' } });
    // A member's refusal changed nothing.
    expect((await stateOf(t, admin)).dismissed).toBe(false);
  });

  it('gives the public address for sign-in cards when there is one', async () => {
    const t = await appProbingFake({ HEARTH_PUBLIC_URL: 'https://hearth.example.org' });
    await createUser(t.app);
    const admin = await signedInUser(t.app, { role: 'admin' });
    expect(await stateOf(t, admin)).toMatchObject({
      addresses: ['https://hearth.example.org'],
      steps: { family: true },
    });
  });
});
