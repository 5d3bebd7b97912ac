/** OpenAI-compatible specifics: the three ways thinking arrives, real captured streams, listing extras. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { collect, connectionTo, testTimeouts } from '#test/fakes/provider-helpers';
import { createOpenAiProvider } from './openai-compatible';
import type { ChatTurn } from './types';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer({ lmStudio: true });
});
afterAll(async () => {
  await fake.close();
});

const messages: ChatTurn[] = [{ role: 'user', content: 'Count from 1 to 3' }];
const provider = (apiKey?: string) =>
  createOpenAiProvider({ ...connectionTo('openai', fake.openaiBaseUrl), apiKey }, testTimeouts);
const chat = (model = 'fake-reasoner') =>
  collect(provider().streamChat({ model, messages, signal: new AbortController().signal }));

describe('OpenAI-compatible provider', () => {
  it.each(['reasoning', 'reasoning_content'] as const)('turns delta.%s into reasoning', async (style) => {
    fake.enqueue({ thinking: 'The user wants three numbers.', reply: '1, 2, 3', reasoningStyle: style });
    const r = await chat();
    expect(r.error).toBeUndefined();
    expect(r.reasoning).toBe('The user wants three numbers.');
    expect(r.text).toBe('1, 2, 3');
    // Thinking comes first, then the answer.
    expect(r.parts.findIndex((p) => p.kind === 'delta')).toBeGreaterThan(
      r.parts.findLastIndex((p) => p.kind === 'reasoning'),
    );
  });

  it('splits <think> tags in the content, even cut across chunks', async () => {
    fake.enqueue({ tokens: ['<thi', 'nk>', 'Three', ' numbers.</th', 'ink>', '\n\n', '1, 2', ', 3'] });
    const r = await chat();
    expect(r).toMatchObject({ reasoning: 'Three numbers.', text: '1, 2, 3', error: undefined });
  });

  it("reads Ollama /v1's real captured stream (qwen3, delta.reasoning)", async () => {
    fake.enqueue({ replay: 'ollama-v1-chat.qwen3.reasoning-field.sse' });
    const r = await chat();
    expect(r.error).toBeUndefined();
    expect(r.reasoning).toMatch(/^Okay, the user wants me to count from 1 to 3/);
    expect(r.text).toBe('1  \n2  \n3');
    expect(r.usage).toEqual({ kind: 'usage', promptTokens: 17, completionTokens: 289 });
  });

  it("reads OpenAI's real captured stream (gpt-4o)", async () => {
    fake.enqueue({ replay: 'openai-chat.gpt-4o.text.sse' });
    const r = await chat();
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^I'm unable to provide real-time weather/);
    expect(r.usage).toEqual({ kind: 'usage', promptTokens: 14, completionTokens: 30 });
  });

  it('sends the API key, and asks for usage in the stream', async () => {
    fake.enqueue({});
    await collect(
      provider('sk-secret').streamChat({ model: 'fake-model', messages, signal: new AbortController().signal }),
    );
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-secret');
    expect(request.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  it("takes context lengths from LM Studio's /api/v0/models", async () => {
    const models = await provider().listModels();
    expect(models).toEqual([
      { name: 'fake-model', contextLength: 8192 },
      { name: 'fake-reasoner', contextLength: 32768 },
    ]);
  });
});
