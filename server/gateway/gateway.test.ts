/**
 * The /v1 gateway through the official `openai` npm client, against a real listening Hearth and
 * the fake model server as both an OpenAI-compatible and an Ollama upstream.
 */
import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setAllowLists } from '#server/accounts/permissions';
import { DEFAULT_REPLY } from '#test/fakes/fake-model-server';
import { asUser, signedInUser } from '#test/helpers';
import {
  OLLAMA_MODEL,
  OLLAMA_REASONER,
  OPENAI_MODEL,
  OPENAI_REASONER,
  rawV1,
  startGatewayWorld,
  type GatewayWorld,
} from './test-support';

let w: GatewayWorld;
beforeEach(async () => {
  w = await startGatewayWorld();
});
afterEach(async () => {
  await w.close();
});

/** Reads an SDK stream to the end: the text, the thinking, the chunks. */
async function drain(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  let content = '';
  let reasoning = '';
  for await (const chunk of stream) {
    chunks.push(chunk);
    const delta: { content?: string | null; reasoning_content?: string } | undefined = chunk.choices[0]?.delta;
    content += delta?.content ?? '';
    reasoning += delta?.reasoning_content ?? '';
  }
  return { chunks, content, reasoning };
}

describe('GET /v1/models', () => {
  it('lists the models the token may use, in OpenAI format, through client.models.list()', async () => {
    const page = await w.client.models.list();
    const ids = page.data.map((m) => m.id).sort();
    // The models, then the tasks the token's user may use (`task:<id>`, see tasks.test.ts).
    expect(ids).toEqual(
      [OPENAI_MODEL, OPENAI_REASONER, OLLAMA_MODEL, OLLAMA_REASONER, 'task:general', 'task:music'].sort(),
    );
    for (const m of page.data) {
      expect(m).toMatchObject({ object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
    }
    expect(page.data.find((m) => m.id === OLLAMA_MODEL)).toMatchObject({ context_length: 8192 });

    const one = await w.client.models.retrieve(OLLAMA_MODEL);
    expect(one).toMatchObject({ id: OLLAMA_MODEL, object: 'model' });
  });

  it('hides models outside the allow-list, and refuses them like unknown ones (404 model_not_found)', async () => {
    await setAllowLists(w.t.app.ctx, w.user.id, { modelIds: [OLLAMA_MODEL] });
    expect((await w.client.models.list()).data.map((m) => m.id)).toEqual([OLLAMA_MODEL, 'task:general', 'task:music']);

    for (const model of [OPENAI_MODEL, 'env-9/nothing', 'no-such-model']) {
      const err = await w.client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'Hi' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    }
    expect(await w.client.models.retrieve(OPENAI_MODEL).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    // Nothing was asked of the model server.
    expect(w.fake.chatRequests()).toHaveLength(0);
  });
});

describe('authentication', () => {
  it('refuses a missing, wrong or revoked token with 401 invalid_api_key (AuthenticationError)', async () => {
    const bad = await w
      .clientWith('hearth_not-a-real-token')
      .models.list()
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(bad).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });

    const chat = await w
      .clientWith('sk-someone-elses-key')
      .chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.AuthenticationError);

    const none = await rawV1(w, '/models', { token: null });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: {
        message: expect.stringMatching(/didn't provide an API key/),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(w.fake.chatRequests()).toHaveLength(0);
  });

  it('does not accept the web session cookie: /v1 is for tokens', async () => {
    const login = await fetch(`${w.baseURL.replace('/v1', '')}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: w.user.username, password: w.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await rawV1(w, '/models', { token: null, headers: { cookie } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_api_key');
  });
});

describe('POST /v1/chat/completions, stream: false', () => {
  it('answers a chat.completion from an OpenAI-compatible upstream, passing sampling settings through', async () => {
    w.fake.enqueue({ reply: 'Bonjour tout le monde.', usage: { promptTokens: 12, completionTokens: 5 } });
    const completion = await w.client.chat.completions.create({
      model: OPENAI_MODEL,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello' },
            { type: 'text', text: 'world' },
          ],
        },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['\n\n'],
      seed: 7, // not used by Hearth: ignored, not refused
    });
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-[A-Za-z0-9]{29}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: OPENAI_MODEL,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Bonjour tout le monde.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    });
    expect(completion.choices[0]!.message).not.toHaveProperty('reasoning_content');

    const upstream = w.fake.chatRequests()[0]!;
    expect(upstream.path).toBe('/v1/chat/completions');
    expect(upstream.body).toMatchObject({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello\nworld' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['\n\n'],
    });
    expect(upstream.body).not.toHaveProperty('seed');
  });

  it('answers from an Ollama upstream, with thinking as reasoning_content and max_tokens as num_predict', async () => {
    w.fake.enqueue({
      thinking: 'The user greets me.',
      reply: 'Hi there!',
      usage: { promptTokens: 9, completionTokens: 3 },
    });
    const completion = await w.client.chat.completions.create({
      model: OLLAMA_REASONER,
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 3,
    });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe('Hi there!');
    expect(message.reasoning_content).toBe('The user greets me.');
    // The reply used every token it was allowed.
    expect(completion.choices[0]!.finish_reason).toBe('length');
    const upstream = w.fake.chatRequests()[0]!;
    expect(upstream.path).toBe('/api/chat');
    expect(upstream.body).toMatchObject({ model: 'fake-reasoner', options: { num_predict: 3 } });
  });

  it('accepts a bare model name when exactly one allowed model has it', async () => {
    // Both servers have "fake-model": ambiguous until the allow-list leaves one.
    const ambiguous = await w.client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(ambiguous).toBeInstanceOf(OpenAI.BadRequestError);
    expect(ambiguous).toMatchObject({ param: 'model', code: 'model_ambiguous' });

    await setAllowLists(w.t.app.ctx, w.user.id, { modelIds: [OLLAMA_MODEL] });
    const completion = await w.client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.model).toBe(OLLAMA_MODEL);
    expect(completion.choices[0]!.message.content).toBe(DEFAULT_REPLY);
    expect(w.fake.chatRequests()[0]!.path).toBe('/api/chat');
  });
});

describe('POST /v1/chat/completions, stream: true', () => {
  for (const [kind, model] of [
    ['OpenAI-compatible', OPENAI_MODEL],
    ['Ollama', OLLAMA_MODEL],
  ] as const) {
    it(`streams chunks from an ${kind} upstream: role, content deltas, finish, usage, [DONE]`, async () => {
      w.fake.enqueue({ reply: 'One two three four.', usage: { promptTokens: 8, completionTokens: 4 } });
      const stream = await w.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Count' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const { chunks, content } = await drain(stream);
      expect(content).toBe('One two three four.');
      expect(chunks[0]!.choices[0]).toEqual({
        index: 0,
        delta: { role: 'assistant', content: '', refusal: null },
        logprobs: null,
        finish_reason: null,
      });
      const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
      expect(contentChunks.length).toBeGreaterThan(1);
      const ids = new Set(chunks.map((c) => c.id));
      expect(ids.size).toBe(1);
      expect([...ids][0]).toMatch(/^chatcmpl-/);
      expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === model)).toBe(true);
      const finish = chunks.at(-2)!;
      expect(finish.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
      const usage = chunks.at(-1)!;
      expect(usage.choices).toEqual([]);
      expect(usage.usage).toEqual({ prompt_tokens: 8, completion_tokens: 4, total_tokens: 12 });
    });
  }

  it('sends no usage chunk unless asked, and ends with data: [DONE] (raw SSE)', async () => {
    const res = await rawV1(w, '/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(text).not.toContain('"usage"');
  });

  for (const [kind, model] of [
    ['OpenAI-compatible (reasoning_content)', OPENAI_REASONER],
    ['Ollama (message.thinking)', OLLAMA_REASONER],
  ] as const) {
    it(`streams a ${kind} model's thinking as reasoning_content deltas before the answer`, async () => {
      w.fake.enqueue({ thinking: 'Two and two make four.', reply: 'Four.', reasoningStyle: 'reasoning_content' });
      const stream = await w.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: '2+2?' }],
        stream: true,
      });
      const { chunks, content, reasoning } = await drain(stream);
      expect(reasoning).toBe('Two and two make four.');
      expect(content).toBe('Four.');
      const firstAnswer = chunks.findIndex((c) => c.choices[0]?.delta.content);
      const lastThought = chunks.findLastIndex(
        (c) => (c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content,
      );
      expect(lastThought).toBeLessThan(firstAnswer);
    });
  }

  for (const [kind, model] of [
    ['OpenAI-compatible', OPENAI_MODEL],
    ['Ollama', OLLAMA_MODEL],
  ] as const) {
    it(`closes the ${kind} upstream promptly when the client aborts the stream`, async () => {
      w.fake.enqueue({ reply: 'word '.repeat(200), tokenIntervalMs: 30 });
      const stream = await w.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Talk' }],
        stream: true,
      });
      let seen = 0;
      let abortedAt = 0;
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content && ++seen === 3) {
          abortedAt = Date.now();
          stream.controller.abort();
          // Chunks that arrived in the same network read are still handed out after the abort
          // (seen under load): stop reading here, as a client that gave up does.
          break;
        }
      }
      expect(seen).toBe(3);
      const upstream = await w.fake.waitForClose(w.fake.chatRequests()[0]!.index);
      expect(upstream.closedByClient).toBe(true);
      // Generous for a busy machine, and still far inside the 6 s the stream would run: only the abort can end it.
      expect(upstream.closedAt! - abortedAt).toBeLessThan(1500);
    });
  }

  it('a server shutting down ends running streams with an error event instead of waiting for the model', async () => {
    w.fake.enqueue({ reply: 'word '.repeat(500), tokenIntervalMs: 30 });
    const stream = await w.client.chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: 'user', content: 'Talk' }],
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const closing = w.t.app.close();
    const err = await (async () => {
      for (;;) if ((await iterator.next()).done) return null;
    })().catch((e: unknown) => e);
    expect((err as APIError).message).toMatch(/shutting down/);
    await closing;
    expect((await w.fake.waitForClose(w.fake.chatRequests()[0]!.index)).closedByClient).toBe(true);
  });

  it('disabling the account (admin console) ends its running stream with an error event and closes the upstream', async () => {
    const admin = await signedInUser(w.t.app, { role: 'admin' });
    w.fake.enqueue({ reply: 'word '.repeat(200), tokenIntervalMs: 30 });
    const stream = await w.client.chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: 'user', content: 'Talk' }],
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const disabled = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${w.user.id}`,
      headers: asUser(admin),
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    const err = await (async () => {
      for (;;) if ((await iterator.next()).done) return null;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toMatch(/disabled/);
    expect((await w.fake.waitForClose(w.fake.chatRequests()[0]!.index)).closedByClient).toBe(true);
    // And the token is dead.
    expect(await w.client.models.list().catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
