/** Ollama native specifics: message.thinking, <think> tags, real captured streams, /api/show. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAKE_MODELS, startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { collect, connectionTo, testTimeouts } from '#test/fakes/provider-helpers';
import { createOllamaProvider } from './ollama';
import type { ChatTurn } from './types';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});

const messages: ChatTurn[] = [{ role: 'user', content: 'Count from 1 to 5' }];
const provider = () => createOllamaProvider(connectionTo('ollama', fake.ollamaBaseUrl), testTimeouts);
const chat = (model = 'fake-reasoner') =>
  collect(provider().streamChat({ model, messages, signal: new AbortController().signal }));

describe('Ollama provider', () => {
  it('turns message.thinking into reasoning', async () => {
    fake.enqueue({ thinking: 'Five numbers, then.', reply: '1 2 3 4 5' });
    const r = await chat();
    expect(r).toMatchObject({ reasoning: 'Five numbers, then.', text: '1 2 3 4 5', error: undefined });
  });

  it('splits <think> tags in the content', async () => {
    fake.enqueue({ thinking: 'Five numbers, then.', reply: '1 2 3 4 5', reasoningStyle: 'think-tags' });
    const r = await chat();
    expect(r).toMatchObject({ reasoning: 'Five numbers, then.', text: '1 2 3 4 5', error: undefined });
  });

  it("reads Ollama's real captured stream (gemma3) and its final counts", async () => {
    fake.enqueue({ replay: 'ollama-api-chat.gemma3-1b.short.ndjson' });
    const r = await chat();
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('Okay, here we go!\n\n1, 2, 3, 4, 5\n');
    expect(r.usage).toEqual({ kind: 'usage', promptTokens: 16, completionTokens: 22 });
  });

  it('reads the long capture (203 lines) to the end', async () => {
    fake.enqueue({ replay: 'ollama-api-chat.gemma3-1b.long.ndjson' });
    const r = await chat();
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^Okay, this is a surprisingly tricky question!/);
    expect(r.parts.filter((p) => p.kind === 'delta').length).toBeGreaterThan(150);
  });

  it('lists models with context lengths from /api/show, and still lists a model without one or whose show fails', async () => {
    fake.setModels([
      { name: 'gemma3:1b', contextLength: 32768, family: 'gemma3' },
      { name: 'no-info' },
      { name: 'broken', contextLength: 4096, showStatus: 500 },
    ]);
    try {
      expect(await provider().listModels()).toEqual([
        { name: 'gemma3:1b', contextLength: 32768 },
        { name: 'no-info' },
        { name: 'broken' },
      ]);
      expect(fake.requests.filter((r) => r.path === '/api/show').map((r) => r.body?.model)).toEqual([
        'gemma3:1b',
        'no-info',
        'broken',
      ]);
    } finally {
      fake.setModels(DEFAULT_FAKE_MODELS);
    }
  });
});
