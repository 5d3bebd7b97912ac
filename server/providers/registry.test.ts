/** The model registry against real fake servers and a real temporary database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#server/config';
import { migrateToLatest, openDatabase, type Db } from '#server/db/database';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { closedPort, collect } from '#test/fakes/provider-helpers';
import { ModelRegistry } from './registry';
import { insertConnection } from './store';

/** A logger that keeps every line, to check what reaches the logs. */
function recordingLogger(): FastifyBaseLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) =>
    void lines.push(JSON.stringify(args, (_k, v: unknown) => (v instanceof Error ? v.message : v)));
  const logger = {
    lines,
    level: 'info',
    info: record,
    warn: record,
    error: record,
    debug: record,
    trace: record,
    fatal: record,
    silent: record,
    child: () => logger,
  };
  return logger;
}

let openai: FakeModelServer;
let ollama: FakeModelServer;
const dbs: Db[] = [];

beforeAll(async () => {
  openai = await startFakeModelServer({ models: [{ name: 'qwen/qwen3-8b' }, { name: 'fake-model' }] });
  ollama = await startFakeModelServer({ models: [{ name: 'gemma3:1b', contextLength: 32768, family: 'gemma3' }] });
});
afterAll(async () => {
  await Promise.all([openai.close(), ollama.close(), ...dbs.map((db) => db.destroy())]);
});
afterEach(() => {
  openai.setListing({});
  ollama.setListing({});
});

async function registryWith(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-registry-'));
  const config = loadConfig({
    HEARTH_DATA_DIR: dataDir,
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_MODEL_SERVERS: '',
    ...env,
  });
  const db = openDatabase(config);
  dbs.push(db);
  await migrateToLatest(db);
  const log = recordingLogger();
  return { registry: new ModelRegistry({ config, db, log }), db, log };
}

const both = () => ({ HEARTH_MODEL_SERVERS: `openai=${openai.openaiBaseUrl},ollama=${ollama.ollamaBaseUrl}` });

describe('ModelRegistry', () => {
  it("merges every server's models under stable ids", async () => {
    const { registry } = await registryWith(both());
    const reply = await registry.list();
    expect(reply.items).toEqual([
      {
        id: 'env-1/qwen/qwen3-8b',
        name: 'qwen/qwen3-8b',
        connectionId: 'env-1',
        connectionName: 'Model server on this computer',
        provider: 'openai',
        available: true,
      },
      {
        id: 'env-1/fake-model',
        name: 'fake-model',
        connectionId: 'env-1',
        connectionName: 'Model server on this computer',
        provider: 'openai',
        available: true,
      },
      {
        id: 'env-2/gemma3:1b',
        name: 'gemma3:1b',
        connectionId: 'env-2',
        connectionName: 'Ollama on this computer',
        provider: 'ollama',
        contextLength: 32768,
        available: true,
      },
    ]);
    expect(reply.servers.map((s) => [s.connectionId, s.reachable, s.modelCount])).toEqual([
      ['env-1', true, 2],
      ['env-2', true, 1],
    ]);
  });

  it('adds enabled connections from the database and leaves disabled ones out', async () => {
    const { registry, db } = await registryWith({});
    const row = await insertConnection(db, { name: 'Kitchen PC', provider: 'ollama', baseUrl: ollama.ollamaBaseUrl });
    await insertConnection(db, {
      name: 'Old laptop',
      provider: 'openai',
      baseUrl: openai.openaiBaseUrl,
      enabled: false,
    });
    const reply = await registry.list();
    expect(reply.servers.map((s) => s.name)).toEqual(['Kitchen PC']);
    expect(reply.items.map((m) => m.id)).toEqual([`${row.id}/gemma3:1b`]);
  });

  it('probes LM Studio and Ollama on their usual ports only when nothing is configured', async () => {
    const { registry } = await registryWith({ HEARTH_PROBE_DEFAULT_SERVERS: '1' });
    expect(await registry.connections()).toEqual([
      { id: 'lmstudio', name: 'LM Studio on this computer', provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1' },
      { id: 'ollama', name: 'Ollama on this computer', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434' },
    ]);
    const configured = await registryWith({ HEARTH_PROBE_DEFAULT_SERVERS: '1', ...both() });
    expect((await configured.registry.connections()).map((c) => c.id)).toEqual(['env-1', 'env-2']);
  });

  it('marks a server that went down, keeping its models as unavailable', async () => {
    const extra = await startFakeModelServer({ models: [{ name: 'llama3' }] });
    const { registry } = await registryWith({
      HEARTH_MODEL_SERVERS: `openai=${extra.openaiBaseUrl},ollama=${ollama.ollamaBaseUrl}`,
      HEARTH_MODELS_CACHE_SECONDS: '0',
    });
    expect((await registry.list()).items.find((m) => m.id === 'env-1/llama3')?.available).toBe(true);
    await extra.close();
    // An expired list is answered at once (stale) while the servers are asked again behind it.
    const stale = await registry.list();
    expect(stale.items.find((m) => m.id === 'env-1/llama3')?.available).toBe(true);
    await registry.refresh();
    const reply = await registry.list();
    expect(reply.items.find((m) => m.id === 'env-1/llama3')?.available).toBe(false);
    expect(reply.items.find((m) => m.id === 'env-2/gemma3:1b')?.available).toBe(true);
    const server = reply.servers.find((s) => s.connectionId === 'env-1')!;
    expect(server.reachable).toBe(false);
    expect(server.error).toBe(
      `Could not reach Model server on this computer at ${extra.openaiBaseUrl} — is it running?`,
    );
  });

  it('does not let one hanging server stall the list', async () => {
    const { registry } = await registryWith({ ...both(), HEARTH_MODEL_CONNECT_TIMEOUT_SECONDS: '0.3' });
    openai.setListing({ delayMs: 10_000 });
    const started = Date.now();
    const reply = await registry.list();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reply.servers.find((s) => s.connectionId === 'env-1')).toMatchObject({
      reachable: false,
      error: expect.stringContaining('did not answer in time'),
    });
    expect(reply.items.map((m) => m.id)).toEqual(['env-2/gemma3:1b']);
  });

  it('caches the list and shares one refresh between concurrent callers', async () => {
    const { registry } = await registryWith(both());
    const before = openai.requests.filter((r) => r.path === '/v1/models').length;
    const replies = await Promise.all([registry.list(), registry.list(), registry.list()]);
    await registry.list();
    expect(replies[1]).toBe(replies[0]);
    expect(openai.requests.filter((r) => r.path === '/v1/models').length - before).toBe(1);
    registry.invalidate();
    await registry.list();
    expect(openai.requests.filter((r) => r.path === '/v1/models').length - before).toBe(2);
  });

  it('refreshes an expired list after the caller has gone on, never inside its request', async () => {
    const { registry } = await registryWith({ ...both(), HEARTH_MODELS_CACHE_SECONDS: '0' });
    const first = await registry.list();
    const refresh = vi.spyOn(registry, 'refresh');
    // Expired at once: answered from the cache, with no listing started meanwhile.
    expect(await registry.list()).toBe(first);
    expect(await registry.resolve('env-1/qwen/qwen3-8b')).not.toBeNull();
    expect(refresh).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    // Both expired reads share the one refresh, which then fills the cache.
    expect(refresh).toHaveBeenCalledTimes(1);
    await refresh.mock.results[0]!.value;
    expect(await registry.list()).not.toBe(first);
  });

  it('resolves a model id on the first slash and streams through its provider', async () => {
    const { registry } = await registryWith(both());
    const resolved = await registry.resolve('env-1/qwen/qwen3-8b');
    expect(resolved).toMatchObject({
      upstreamModel: 'qwen/qwen3-8b',
      model: { id: 'env-1/qwen/qwen3-8b', available: true },
    });
    expect(resolved!.provider.connection.id).toBe('env-1');
    openai.enqueue({ reply: 'Hi from qwen' });
    const r = await collect(
      resolved!.provider.streamChat({
        model: resolved!.upstreamModel,
        messages: [{ role: 'user', content: 'hi' }],
        signal: new AbortController().signal,
      }),
    );
    expect(r.text).toBe('Hi from qwen');
    expect(await registry.provider('env-1')).toBe(resolved!.provider);
  });

  it('resolves a model that appeared after the list was cached', async () => {
    const { registry } = await registryWith({ ...both(), HEARTH_MODELS_CACHE_SECONDS: '3600' });
    await registry.list();
    ollama.setModels([{ name: 'gemma3:1b', contextLength: 32768, family: 'gemma3' }, { name: 'just-pulled:latest' }]);
    try {
      expect((await registry.resolve('env-2/just-pulled:latest'))?.upstreamModel).toBe('just-pulled:latest');
    } finally {
      ollama.setModels([{ name: 'gemma3:1b', contextLength: 32768, family: 'gemma3' }]);
    }
  });

  it('answers null for unknown models and connections, but resolves models on a server that is down', async () => {
    const port = await closedPort();
    const { registry } = await registryWith({
      HEARTH_MODEL_SERVERS: `${both().HEARTH_MODEL_SERVERS},ollama=http://127.0.0.1:${port}`,
    });
    expect(await registry.resolve('env-1/no-such-model')).toBeNull();
    expect(await registry.resolve('nowhere/fake-model')).toBeNull();
    expect(await registry.resolve('no-slash')).toBeNull();
    const down = await registry.resolve('env-3/llama3');
    expect(down).toMatchObject({ upstreamModel: 'llama3', model: { available: false } });
    const r = await collect(
      down!.provider.streamChat({
        model: 'llama3',
        messages: [{ role: 'user', content: 'hi' }],
        signal: new AbortController().signal,
      }),
    );
    expect((r.error as Error).message).toBe(
      `Could not reach Ollama on this computer at http://127.0.0.1:${port} — is it running?`,
    );
  });

  it('picks the first available model as the default', async () => {
    const { registry } = await registryWith(both());
    expect(await registry.defaultModelId()).toBe('env-1/qwen/qwen3-8b');
    const none = await registryWith({});
    expect(await none.registry.defaultModelId()).toBeNull();
  });

  it('never logs an API key', async () => {
    const { registry, db, log } = await registryWith({});
    const port = await closedPort();
    await insertConnection(db, {
      name: 'Remote',
      provider: 'openai',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: 'sk-very-secret',
    });
    const reply = await registry.list();
    expect(reply.servers[0]?.reachable).toBe(false);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain('sk-very-secret');
    expect(JSON.stringify(reply)).not.toContain('sk-very-secret');
  });
});
