/** /api/admin/connections: add, edit, test, remove model servers; the API key never comes back. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminConnection, AdminConnectionList, AuditList, ConnectionTestResult } from '#common/admin';
import { ModelsReply } from '#common/models';
import { buildApp, type App } from '#server/app';
import { loadConfig } from '#server/config';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { createContext } from '#server/services';
import { signedInUser, type Session } from '#test/helpers';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { closedPort } from '#test/fakes/provider-helpers';
import { call } from '#server/admin/test-support';

const KEY = 'sk-hearth-test-SECRET-4f7c1e9a';
const NEW_KEY = 'hf_ANOTHER-SECRET-b2d8';

let fake: FakeModelServer;
let app: App;
let db: Db;
let admin: Session;
let member: Session;
/** Everything the app logged, at trace level. */
let logged = '';

beforeAll(async () => {
  fake = await startFakeModelServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-'));
  // The env server is read-only in the admin list; the rest come from the database.
  const config = loadConfig({
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_MODEL_SERVERS: `ollama=${fake.ollamaBaseUrl}`,
    HEARTH_DATA_DIR: dataDir,
  });
  db = openDatabase(config);
  await migrateToLatest(db);
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString('utf8');
      done();
    },
  });
  const logger = { level: 'trace', stream };
  app = await buildApp({ logger, buildContext: (f) => createContext({ config, db, log: f.log }) });
  await app.ready();
  admin = await signedInUser(app, { role: 'admin' });
  member = await signedInUser(app);
});
afterAll(async () => {
  await app.ctx.generations.shutdown();
  await app.close();
  await db.destroy();
  await fake.close();
});

describe('/api/admin/connections', () => {
  let id = '';

  it('adds an OpenAI-compatible server with a key: stored, used upstream, never sent back', async () => {
    const res = await call(app, admin, 'POST', '/api/admin/connections', {
      name: 'HF router',
      provider: 'openai',
      baseUrl: `${fake.openaiBaseUrl}/`,
      apiKey: KEY,
    });
    expect(res.statusCode).toBe(201);
    const created = AdminConnection.parse(res.json());
    id = created.id;
    expect(created).toMatchObject({
      name: 'HF router',
      provider: 'openai',
      baseUrl: fake.openaiBaseUrl,
      hasApiKey: true,
      enabled: true,
      source: 'database',
      readOnly: false,
    });
    expect(res.body).not.toContain(KEY);

    // The registry picks it up at once (invalidated) and sends the key as a Bearer token.
    const models = ModelsReply.parse((await call(app, member, 'GET', '/api/models')).json());
    expect(models.items.map((m) => m.id)).toContain(`${id}/fake-model`);
    const listing = fake.requests.filter((r) => r.path === '/v1/models').at(-1)!;
    expect(listing.headers.authorization).toBe(`Bearer ${KEY}`);

    const list = AdminConnectionList.parse((await call(app, admin, 'GET', '/api/admin/connections')).json());
    expect(list.items.map((c) => [c.source, c.readOnly, c.hasApiKey, c.reachable, c.modelCount])).toEqual([
      ['env', true, false, true, 2],
      ['database', false, true, true, 2],
    ]);
  });

  it('edits: no apiKey keeps the key, a new one replaces it, null clears it; disabled servers leave the model list', async () => {
    const renamed = await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, { name: 'Router' });
    expect(AdminConnection.parse(renamed.json())).toMatchObject({ name: 'Router', hasApiKey: true });
    const stored = await db.selectFrom('connections').select('apiKey').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.apiKey).toBe(KEY);

    const replaced = await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, { apiKey: NEW_KEY });
    expect(replaced.body).not.toContain(NEW_KEY);
    await call(app, member, 'GET', '/api/models');
    expect(fake.requests.filter((r) => r.path === '/v1/models').at(-1)!.headers.authorization).toBe(
      `Bearer ${NEW_KEY}`,
    );

    const cleared = await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, { apiKey: null });
    expect(AdminConnection.parse(cleared.json()).hasApiKey).toBe(false);

    await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, { enabled: false });
    const models = ModelsReply.parse((await call(app, member, 'GET', '/api/models')).json());
    expect(models.items.some((m) => m.connectionId === id)).toBe(false);
    await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, { enabled: true, apiKey: KEY });
  });

  it('will not carry a stored key to another address without it being typed again', async () => {
    const dead = await closedPort();
    const moved = await call(app, admin, 'PATCH', `/api/admin/connections/${id}`, {
      baseUrl: `http://127.0.0.1:${dead}/v1`,
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ error: { field: 'apiKey' } });
    const draft = await call(app, admin, 'POST', '/api/admin/connections/test', {
      provider: 'openai',
      baseUrl: `http://127.0.0.1:${dead}/v1`,
      connectionId: id,
    });
    expect(draft.statusCode).toBe(400);
    const withCreds = await call(app, admin, 'POST', '/api/admin/connections', {
      name: 'x',
      provider: 'openai',
      baseUrl: 'http://me:pw@127.0.0.1:1/v1',
    });
    expect(withCreds.statusCode).toBe(400);
    expect(withCreds.json()).toMatchObject({ error: { field: 'baseUrl' } });
    const notUrl = await call(app, admin, 'POST', '/api/admin/connections', {
      name: 'x',
      provider: 'openai',
      baseUrl: 'ftp://nope',
    });
    expect(notUrl.json()).toMatchObject({ error: { code: 'validation_failed', field: 'baseUrl' } });
    const badProvider = await call(app, admin, 'POST', '/api/admin/connections', {
      name: 'x',
      provider: 'gemini',
      baseUrl: 'http://127.0.0.1:1',
    });
    expect(badProvider.json()).toMatchObject({ error: { field: 'provider' } });
  });

  it('tests saved and draft servers: reachability, model count, latency', async () => {
    const saved = ConnectionTestResult.parse(
      (await call(app, admin, 'POST', `/api/admin/connections/${id}/test`)).json(),
    );
    expect(saved).toMatchObject({ reachable: true, modelCount: 2, models: ['fake-model', 'fake-reasoner'] });
    expect(saved.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.requests.filter((r) => r.path === '/v1/models').at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

    const env = ConnectionTestResult.parse(
      (await call(app, admin, 'POST', '/api/admin/connections/env-1/test')).json(),
    );
    expect(env).toMatchObject({ reachable: true, modelCount: 2 });

    const ollamaDraft = ConnectionTestResult.parse(
      (
        await call(app, admin, 'POST', '/api/admin/connections/test', {
          provider: 'ollama',
          baseUrl: fake.ollamaBaseUrl,
        })
      ).json(),
    );
    expect(ollamaDraft).toMatchObject({ reachable: true, modelCount: 2 });
    const sameHostDraft = await call(app, admin, 'POST', '/api/admin/connections/test', {
      provider: 'openai',
      baseUrl: fake.openaiBaseUrl,
      connectionId: id,
    });
    expect(ConnectionTestResult.parse(sameHostDraft.json()).reachable).toBe(true);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

    const dead = await closedPort();
    const down = ConnectionTestResult.parse(
      (
        await call(app, admin, 'POST', '/api/admin/connections/test', {
          provider: 'openai',
          baseUrl: `http://127.0.0.1:${dead}/v1`,
          apiKey: KEY,
        })
      ).json(),
    );
    expect(down.reachable).toBe(false);
    expect(down.modelCount).toBe(0);
    expect(down.error).toMatch(/Could not reach/);
    expect(JSON.stringify(down)).not.toContain(KEY);

    expect((await call(app, admin, 'POST', '/api/admin/connections/NOPE/test')).statusCode).toBe(404);
  });

  it('refuses to move or delete env servers (400, 409) and unknown ones (404); deletes its own', async () => {
    const move = { baseUrl: 'http://127.0.0.1:9/v1' };
    expect((await call(app, admin, 'PATCH', '/api/admin/connections/env-1', move)).statusCode).toBe(400);
    expect((await call(app, admin, 'DELETE', '/api/admin/connections/env-1')).statusCode).toBe(409);
    expect((await call(app, admin, 'PATCH', '/api/admin/connections/NOPE', { name: 'x' })).statusCode).toBe(404);
    expect((await call(app, admin, 'DELETE', `/api/admin/connections/${id}`)).statusCode).toBe(204);
    expect((await call(app, admin, 'DELETE', `/api/admin/connections/${id}`)).statusCode).toBe(404);
    const models = ModelsReply.parse((await call(app, member, 'GET', '/api/models')).json());
    expect(models.items.every((m) => m.connectionId === 'env-1')).toBe(true);
  });

  it('records every change in the audit log, and the key appears in no response, audit entry or log line', async () => {
    const audit = AuditList.parse(
      (await call(app, admin, 'GET', '/api/admin/audit?action=connection.&limit=200')).json(),
    );
    expect(audit.items.map((e) => e.action).reverse()).toEqual([
      'connection.created',
      'connection.updated',
      'connection.updated',
      'connection.updated',
      'connection.updated',
      'connection.updated',
      'connection.deleted',
    ]);
    expect(audit.items.every((e) => e.target === id && e.actor?.id === admin.user.id)).toBe(true);
    const rows = await db.selectFrom('auditLog').select('detail').execute();
    for (const secret of [KEY, NEW_KEY]) {
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged).not.toContain(secret);
    }
  });
});
