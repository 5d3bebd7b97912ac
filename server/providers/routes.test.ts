/** GET /api/models through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsReply } from '#common/models';
import { createTestApp, signedInUser, type TestApp } from '#test/helpers';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { closedPort } from '#test/fakes/provider-helpers';

let fake: FakeModelServer;
let t: TestApp;
let deadPort: number;
beforeAll(async () => {
  fake = await startFakeModelServer();
  deadPort = await closedPort();
  t = await createTestApp({
    HEARTH_MODEL_SERVERS: `ollama=${fake.ollamaBaseUrl},openai=http://127.0.0.1:${deadPort}/v1`,
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('GET /api/models', () => {
  it('needs a signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/models' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it("lists the servers' models and tells an admin which server is down, and why", async () => {
    const session = await signedInUser(t.app, { role: 'admin' });
    const res = await t.app.inject({ method: 'GET', url: '/api/models', headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(200);
    const body = ModelsReply.parse(res.json());
    expect(body.items.map((m) => [m.id, m.available, m.contextLength])).toEqual([
      ['env-1/fake-model', true, 8192],
      ['env-1/fake-reasoner', true, 32768],
    ]);
    expect(body.servers).toEqual([
      {
        connectionId: 'env-1',
        name: 'Ollama on this computer',
        provider: 'ollama',
        baseUrl: fake.ollamaBaseUrl,
        reachable: true,
        modelCount: 2,
      },
      {
        connectionId: 'env-2',
        name: 'Model server on this computer',
        provider: 'openai',
        baseUrl: `http://127.0.0.1:${deadPort}/v1`,
        reachable: false,
        error: `Could not reach Model server on this computer at http://127.0.0.1:${deadPort}/v1 — is it running?`,
        modelCount: 0,
      },
    ]);
  });

  it('tells a member which servers are down without their addresses or errors, and whom to ask', async () => {
    await signedInUser(t.app, { role: 'admin', displayName: 'Mum' });
    const session = await signedInUser(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/models', headers: { cookie: session.cookie } });
    expect(res.statusCode).toBe(200);
    const body = ModelsReply.parse(res.json());
    expect(body.servers.map((s) => [s.connectionId, s.reachable])).toEqual([
      ['env-1', true],
      ['env-2', false],
    ]);
    // (The server's name may hold its host until the admin renames it; no URL or error, though.)
    expect(res.body).not.toContain('http://');
    expect(res.body).not.toContain('Could not reach');
    expect(body.servers.every((s) => s.baseUrl === undefined && s.error === undefined)).toBe(true);
    // The first admin made (earlier tests may have made one too) is the one to ask.
    expect(typeof body.askAdmin).toBe('string');
  });
});
