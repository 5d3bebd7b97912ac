/**
 * The /v1 gateway's failures, in OpenAI's error format with OpenAI's statuses: bad input names
 * the parameter, unsupported features are refused clearly, model server failures are 502/503
 * (or an error event once the stream has started), and the wire format matches a real capture.
 */
import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureUnits } from '#test/fakes/fixtures';
import { OPENAI_MODEL, OLLAMA_MODEL, rawV1, startGatewayWorld, type GatewayWorld } from './test-support';

const CHAT_LIMIT = 3;

let w: GatewayWorld;
beforeEach(async () => {
  w = await startGatewayWorld();
});
afterEach(async () => {
  await w.close();
});

const post = (body: unknown) =>
  rawV1(w, '/chat/completions', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
const hi = [{ role: 'user', content: 'Hi' }];

/** Sends a bad request; expects a 4xx OpenAI error and returns its `error`. */
async function refused(body: unknown, status = 400) {
  const res = await post(body);
  expect(res.status).toBe(status);
  const json = (await res.json()) as { error: Record<string, unknown> };
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(json.error.message).toEqual(expect.any(String));
  return json.error;
}

describe('bad requests: 400 invalid_request_error naming the parameter, and nothing sent upstream', () => {
  it('refuses malformed or incomplete bodies', async () => {
    expect(await refused('{"model": ')).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(/parse the JSON body/),
    });
    expect(await refused({ messages: hi })).toMatchObject({ param: 'model', message: expect.stringMatching(/model/) });
    expect(await refused({ model: OPENAI_MODEL, messages: [] })).toMatchObject({ param: 'messages' });
    expect(await refused({ model: OPENAI_MODEL, messages: 'Hi' })).toMatchObject({ param: 'messages' });
    expect(await refused({ model: OPENAI_MODEL, messages: [{ role: 'user' }] })).toMatchObject({
      param: 'messages[0].content',
    });
    expect(await refused({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 42 }] })).toMatchObject({
      param: 'messages[0].content',
    });
    expect(await refused({ model: OPENAI_MODEL, messages: hi, temperature: 7 })).toMatchObject({
      param: 'temperature',
    });
    expect(await refused({ model: OPENAI_MODEL, messages: hi, max_tokens: 0 })).toMatchObject({ param: 'max_tokens' });
    expect(await refused({ model: OPENAI_MODEL, messages: hi, stream: 'yes' })).toMatchObject({ param: 'stream' });
    expect(await refused({ model: OPENAI_MODEL, messages: [{ role: 'wizard', content: 'Hi' }] })).toMatchObject({
      param: 'messages[0].role',
    });
    expect(w.fake.chatRequests()).toHaveLength(0);
  });

  it('refuses tool calling, non-text parts and n > 1 clearly (the SDK throws BadRequestError)', async () => {
    const tools = await w.client.chat.completions
      .create({
        model: OPENAI_MODEL,
        messages: [{ role: 'user', content: 'Weather?' }],
        tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
      })
      .catch((e: unknown) => e);
    expect(tools).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tools).toMatchObject({
      status: 400,
      param: 'tools',
      code: 'unsupported_parameter',
      message: expect.stringMatching(/not supported/),
    });

    expect(
      await refused({ model: OPENAI_MODEL, messages: [...hi, { role: 'tool', tool_call_id: 'x', content: '{}' }] }),
    ).toMatchObject({
      param: 'messages[1].role',
    });
    expect(
      await refused({
        model: OPENAI_MODEL,
        messages: [
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
        ],
      }),
    ).toMatchObject({ param: 'messages[0].tool_calls' });
    expect(
      await refused({
        model: OPENAI_MODEL,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:,' } },
            ],
          },
        ],
      }),
    ).toMatchObject({ param: 'messages[0].content[1].type', code: 'unsupported_content' });
    expect(await refused({ model: OPENAI_MODEL, messages: hi, n: 3 })).toMatchObject({ param: 'n' });
    expect(w.fake.chatRequests()).toHaveLength(0);
  });

  it('answers 413 for a message over the configured length, and 404 for an unknown /v1 path', async () => {
    const limit = w.t.config.maxMessageChars;
    expect(
      await refused({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'x'.repeat(limit + 1) }] }, 413),
    ).toMatchObject({
      param: 'messages[0].content',
      code: 'too_large',
    });
    const unknown = await rawV1(w, '/embeddings', { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url' });
    const unknownGet = await rawV1(w, '/files');
    expect(unknownGet.status).toBe(404);
    expect((await unknownGet.json()).error.code).toBe('unknown_url');
  });

  it('accepts OpenAI null-valued optionals, the developer role and unknown parameters', async () => {
    const res = await post({
      model: OPENAI_MODEL,
      messages: [{ role: 'developer', content: 'Be brief.' }, ...hi],
      temperature: null,
      stop: null,
      stream_options: null,
      tools: [],
      logit_bias: { '42': 1 },
      user: 'someone',
    });
    expect(res.status).toBe(200);
    expect(w.fake.chatRequests()[0]!.body?.messages).toEqual([{ role: 'system', content: 'Be brief.' }, ...hi]);
  });
});

describe('rate limits', () => {
  it('answers 429 rate_limit_exceeded with Retry-After past the per-user chat limit (RateLimitError)', async () => {
    await w.close();
    w = await startGatewayWorld({ HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: String(CHAT_LIMIT) });
    for (let i = 0; i < CHAT_LIMIT; i++) {
      await w.client.chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }] });
    }
    const err = await w.client.chat.completions
      .create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect(Number((err as APIError).headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(w.fake.chatRequests()).toHaveLength(CHAT_LIMIT);
    // Listing is not a chat send: still allowed.
    expect((await w.client.models.list()).data.length).toBeGreaterThan(0);
  });
});

describe('model server failures', () => {
  it('answers 502 model_unavailable when the model server fails before replying (InternalServerError)', async () => {
    w.fake.enqueue({ status: 500, errorMessage: 'CUDA out of memory' });
    const err = await w.client.chat.completions
      .create({ model: OPENAI_MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err).toMatchObject({
      status: 502,
      code: 'model_unavailable',
      type: 'server_error',
      message: expect.stringMatching(/CUDA out of memory/),
    });
  });

  it('answers 503 model_unavailable when the model server cannot be reached', async () => {
    await w.client.models.list(); // Hearth has seen the models…
    await w.fake.close(); // …and then the server went away.
    const err = await w.client.chat.completions
      .create({ model: OLLAMA_MODEL, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err).toMatchObject({
      status: 503,
      code: 'model_unavailable',
      message: expect.stringMatching(/Could not reach/),
    });
  });

  it('ends a started stream with an OpenAI error event when the model server fails mid-reply', async () => {
    w.fake.enqueue({ reply: 'one two three four five six', errorAfterTokens: 3, errorMessage: 'the GPU fell over' });
    const stream = await w.client.chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    let content = '';
    const err = await (async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(content).toBe('one two three');
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).error).toMatchObject({
      type: 'server_error',
      code: 'model_unavailable',
      message: expect.stringMatching(/GPU fell over/),
    });
  });
});

describe('wire format', () => {
  it('writes chunks key for key like the captured api.openai.com stream', async () => {
    const captured = fixtureUnits('openai-chat.gpt-4o.text.sse').map((u) => u.trim().replace(/^data: /, ''));
    const parsed = captured.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Record<string, unknown>);
    // The capture's keys, without OpenAI's system_fingerprint (Hearth has none to give).
    const shape = (chunk: Record<string, unknown>) =>
      JSON.stringify(chunk, (key, value: unknown) =>
        key === 'system_fingerprint' ? undefined : typeof value === 'object' ? value : typeof value,
      );
    const res = await post({
      model: OPENAI_MODEL,
      messages: hi,
      stream: true,
      stream_options: { include_usage: true },
    });
    const ours = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map((e) => e.replace(/^data: /, ''));
    expect(ours.at(-1)).toBe('[DONE]');
    const chunks = ours.slice(0, -1).map((d) => JSON.parse(d) as Record<string, unknown>);
    expect(shape(chunks[0]!)).toBe(shape(parsed[0]!)); // role chunk
    expect(shape(chunks[1]!)).toBe(shape(parsed[1]!)); // a content delta
    expect(shape(chunks.at(-2)!)).toBe(shape(parsed.at(-2)!)); // finish
    // usage: the capture adds completion_tokens_details, which Hearth does not know.
    const usage = chunks.at(-1)!;
    expect(Object.keys(usage)).toEqual(Object.keys(parsed.at(-1)!).filter((k) => k !== 'system_fingerprint'));
    expect(usage).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number),
      },
    });
  });
});
