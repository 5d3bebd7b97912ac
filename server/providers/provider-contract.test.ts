/**
 * What every provider must do, run against both (OpenAI-compatible and Ollama native) over the
 * fake model server: stream, report usage, fail with a message naming the server, and close the
 * upstream connection when aborted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { closedPort, collect, connectionTo, testTimeouts } from '#test/fakes/provider-helpers';
import { createProvider } from './factory';
import { ModelServerError, type ChatTurn, type ConnectionInfo, type ProviderTimeouts } from './types';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});

const messages: ChatTurn[] = [{ role: 'user', content: 'Say hello' }];
const LONG_REPLY = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

const kinds = [
  { kind: 'openai' as const, label: 'LM Studio', baseUrl: () => fake.openaiBaseUrl, chatPath: '/v1/chat/completions' },
  { kind: 'ollama' as const, label: 'Ollama', baseUrl: () => fake.ollamaBaseUrl, chatPath: '/api/chat' },
];

describe.each(kinds)('$kind provider', ({ kind, label, baseUrl, chatPath }) => {
  let connection: ConnectionInfo;
  const provider = (timeouts: ProviderTimeouts = testTimeouts, conn = connection) => createProvider(conn, timeouts);
  const chat = (timeouts?: ProviderTimeouts, signal = new AbortController().signal, model = 'fake-model') =>
    provider(timeouts).streamChat({ model, messages, signal });

  beforeEach(() => {
    connection = connectionTo(kind, baseUrl());
    fake.setScript({});
  });

  it('streams the reply and reports usage', async () => {
    fake.enqueue({ reply: 'Hello there, friend.', usage: { promptTokens: 12, completionTokens: 4 } });
    const result = await collect(chat());
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Hello there, friend.');
    expect(result.parts.filter((p) => p.kind === 'delta').length).toBeGreaterThan(1);
    expect(result.usage).toEqual({ kind: 'usage', promptTokens: 12, completionTokens: 4 });
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe(chatPath);
    expect(request.body).toMatchObject({ model: 'fake-model', messages, stream: true });
  });

  it('closes the upstream connection promptly of abort', async () => {
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 20 });
    const controller = new AbortController();
    const stream = chat(undefined, controller.signal)[Symbol.asyncIterator]();
    const first = await stream.next();
    expect(first.done).toBe(false);
    const index = fake.requests.length - 1;
    expect(fake.requests[index]!.path).toBe(chatPath);

    const abortedAt = Date.now();
    controller.abort();
    // Nobody reads the stream any more: the abort alone must reach the socket.
    const record = await fake.waitForClose(index, 1000);
    expect(record.closedByClient).toBe(true);
    // Generous for a busy machine, and still far inside the 4 s the stream would run: only the abort can end it.
    expect(record.closedAt! - abortedAt).toBeLessThan(1500);
    await expect(stream.next()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('closes the upstream connection when the consumer stops reading', async () => {
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 20 });
    const stream = chat();
    for await (const part of stream) {
      expect(part.kind).toBe('delta');
      break;
    }
    const record = await fake.waitForClose(fake.requests.length - 1, 1000);
    expect(record.closedByClient).toBe(true);
  });

  it('says it cannot reach a server that is not running', async () => {
    const down = connectionTo(
      kind,
      kind === 'openai' ? `http://127.0.0.1:${await closedPort()}/v1` : `http://127.0.0.1:${await closedPort()}`,
    );
    const result = await collect(
      provider(testTimeouts, down).streamChat({ model: 'x', messages, signal: new AbortController().signal }),
    );
    expect(result.error).toBeInstanceOf(ModelServerError);
    expect((result.error as ModelServerError).failure).toBe('unreachable');
    expect((result.error as Error).message).toBe(`Could not reach ${label} at ${down.baseUrl} — is it running?`);
    await expect(provider(testTimeouts, down).listModels()).rejects.toMatchObject({ failure: 'unreachable' });
  });

  it("reports an HTTP error with the status and the server's message", async () => {
    fake.enqueue({ status: 500, errorMessage: 'CUDA out of memory' });
    const { error } = await collect(chat());
    expect(error).toMatchObject({ failure: 'http_error', upstreamStatus: 500 });
    expect((error as Error).message).toContain(`${label} at ${baseUrl()}`);
    expect((error as Error).message).toContain('HTTP 500');
    expect((error as Error).message).toContain('CUDA out of memory');
  });

  it('names an unknown model', async () => {
    const { error } = await collect(chat(undefined, undefined, 'no-such-model'));
    expect(error).toMatchObject({ failure: 'http_error', upstreamStatus: 404 });
    expect((error as Error).message).toContain('does not have the model "no-such-model"');
  });

  it('keeps the text so far and fails clearly when the stream is cut', async () => {
    fake.enqueue({ reply: 'one two three four five', cutAfterTokens: 3 });
    const { text, error } = await collect(chat());
    expect(text).toBe('one two three');
    expect(error).toMatchObject({ failure: 'stream_cut' });
    expect((error as Error).message).toContain(`${label} at ${baseUrl()} stopped in the middle of the reply`);
  });

  it("passes on a mid-stream error event with the server's message", async () => {
    fake.enqueue({ reply: 'one two three four', errorAfterTokens: 2, errorMessage: 'the model crashed' });
    const { text, error } = await collect(chat());
    expect(text).toBe('one two');
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain('reported an error in the middle of the reply: the model crashed');
  });

  it('waits for a slow first token when it comes before the timeout', async () => {
    fake.enqueue({ reply: 'finally here', firstTokenDelayMs: 300 });
    const { text, error } = await collect(chat({ ...testTimeouts, firstTokenTimeoutMs: 1500 }));
    expect(error).toBeUndefined();
    expect(text).toBe('finally here');
  });

  it('gives up when the first token is later than the timeout, and closes the connection', async () => {
    fake.enqueue({ reply: 'too late', firstTokenDelayMs: 3000 });
    const { text, error } = await collect(chat({ ...testTimeouts, firstTokenTimeoutMs: 300 }));
    expect(text).toBe('');
    expect(error).toMatchObject({ failure: 'timeout' });
    expect((error as Error).message).toBe(
      `${label} at ${baseUrl()} did not start answering within 0.3 seconds. The model may still be loading — try again in a moment.`,
    );
    expect((await fake.waitForClose(fake.requests.length - 1, 1000)).closedByClient).toBe(true);
  });

  it('times out a server that accepts the request but never answers', async () => {
    fake.enqueue({ headersDelayMs: 3000 });
    const { error } = await collect(chat({ ...testTimeouts, firstTokenTimeoutMs: 300 }));
    expect(error).toMatchObject({ failure: 'timeout' });
  });

  it('lists models with their context length', async () => {
    const models = await provider().listModels();
    expect(models.map((m) => m.name)).toEqual(['fake-model', 'fake-reasoner']);
    if (kind === 'ollama') expect(models[1]!.contextLength).toBe(32768);
  });

  it('times out a listing that does not answer', async () => {
    fake.setListing({ delayMs: 2000 });
    try {
      const started = Date.now();
      await expect(provider({ ...testTimeouts, connectTimeoutMs: 200 }).listModels()).rejects.toMatchObject({
        failure: 'timeout',
        message: `${label} at ${baseUrl()} did not answer in time.`,
      });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      fake.setListing({});
    }
  });
});
