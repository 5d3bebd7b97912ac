/**
 * The fake must be indistinguishable from the real servers where Hearth can tell: these tests
 * parse the fake's streams and the captured fixtures the same way and compare framing and the
 * keys (in order) of every kind of chunk.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES, fixtureObjects, fixturePayload, fixturesDir } from './fixtures';
import { startFakeModelServer, type FakeModelServer } from './fake-model-server';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});

/** The shape of a JSON value: keys in order, recursively (values ignored). */
function shape(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length > 0 ? shape(value[0]) : ''}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}${shape(v)}`)
      .join(',')}}`;
  }
  return '';
}

type Delta = { content?: string | null; reasoning?: string; reasoning_content?: string; refusal?: null };
type Chunk = { choices: { delta: Delta; finish_reason: string | null }[]; usage?: unknown };

/** What kind of OpenAI chunk this is. */
function kindOf(chunk: Chunk): string {
  const choice = chunk.choices[0];
  if (!choice) return 'usage';
  if (choice.finish_reason) return 'finish';
  if (typeof choice.delta.reasoning === 'string' && choice.delta.reasoning !== '') return 'reasoning';
  if (typeof choice.delta.reasoning_content === 'string') return 'reasoning_content';
  if (choice.delta.content === '' && 'refusal' in choice.delta) return 'role';
  return 'content';
}

/** First chunk shape of each kind. */
function shapesByKind(objects: Record<string, unknown>[]): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const o of objects) {
    const kind = kindOf(o as Chunk);
    if (!shapes.has(kind)) shapes.set(kind, shape(o));
  }
  return shapes;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** SSE events of a body: each must be `data: ...` followed by a blank line. */
function sseEvents(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  const events = text.slice(0, -2).split('\n\n');
  for (const e of events) expect(e).toMatch(/^data: [^\n]+$/);
  return events.map((e) => e.slice('data: '.length));
}

const userTurn = { messages: [{ role: 'user', content: 'Count from 1 to 5' }] };

describe('fixtures', () => {
  it('are unchanged copies of the captured payloads', () => {
    const manifest = JSON.parse(fs.readFileSync(`${fixturesDir}MANIFEST.json`, 'utf8')) as {
      file: string;
      payload_sha256: string;
    }[];
    for (const name of FIXTURE_FILES) {
      const entry = manifest.find((m) => m.file === name)!;
      expect(createHash('sha256').update(fixturePayload(name)).digest('hex'), name).toBe(entry.payload_sha256);
    }
  });
});

describe('OpenAI-compatible streaming', () => {
  it('frames and shapes every chunk kind like api.openai.com (gpt-4o fixture)', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'fake-model',
      ...userTurn,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseEvents(await res.text());
    expect(events.at(-1)).toBe('[DONE]');
    const objects = events.slice(0, -1).map((e) => JSON.parse(e) as Record<string, unknown>);
    const kinds = objects.map((o) => kindOf(o as Chunk));
    expect(kinds[0]).toBe('role');
    expect(kinds.slice(-2)).toEqual(['finish', 'usage']);
    expect(kinds.slice(1, -2).every((k) => k === 'content')).toBe(true);

    const fixture = shapesByKind(fixtureObjects('openai-chat.gpt-4o.text.sse'));
    const ours = shapesByKind(objects);
    for (const kind of ['role', 'content', 'finish', 'usage']) expect(ours.get(kind), kind).toBe(fixture.get(kind));
    const text = objects.map((o) => (o as Chunk).choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Hello from the fake model server.');
  });

  it('leaves out the usage chunk unless asked, as OpenAI does', async () => {
    const res = await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true });
    const events = sseEvents(await res.text());
    expect(events.some((e) => e.includes('"usage"'))).toBe(false);
    expect(events.at(-1)).toBe('[DONE]');
  });

  it("speaks Ollama's /v1 dialect with delta.reasoning like the qwen3 fixture", async () => {
    fake.enqueue({ flavor: 'ollama', thinking: 'The user wants numbers.', reply: '1 2 3' });
    const res = await post('/v1/chat/completions', {
      model: 'fake-reasoner',
      ...userTurn,
      stream: true,
      stream_options: { include_usage: true },
    });
    const events = sseEvents(await res.text());
    expect(events.at(-1)).toBe('[DONE]');
    const objects = events.slice(0, -1).map((e) => JSON.parse(e) as Record<string, unknown>);
    const fixture = shapesByKind(fixtureObjects('ollama-v1-chat.qwen3.reasoning-field.sse'));
    const ours = shapesByKind(objects);
    for (const kind of ['reasoning', 'content', 'finish', 'usage'])
      expect(ours.get(kind), kind).toBe(fixture.get(kind));
    const reasoning = objects.map((o) => (o as Chunk).choices[0]?.delta.reasoning ?? '').join('');
    expect(reasoning).toBe('The user wants numbers.');
  });

  it('can send thinking as reasoning_content or as <think> tags in the content', async () => {
    fake.enqueue(
      { thinking: 'Hmm.', reply: 'Yes.', reasoningStyle: 'reasoning_content' },
      { thinking: 'Hmm.', reply: 'Yes.', reasoningStyle: 'think-tags' },
    );
    const a = sseEvents(
      await (await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true })).text(),
    );
    expect(a.filter((e) => e.includes('"reasoning_content":"Hmm."'))).toHaveLength(1);
    const b = sseEvents(
      await (await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true })).text(),
    );
    const content = b
      .slice(0, -1)
      .map((e) => (JSON.parse(e) as Chunk).choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe('<think>Hmm.</think>\n\nYes.');
  });

  it('answers stream:false with a chat.completion object and usage', async () => {
    const res = await post('/v1/chat/completions', { model: 'fake-model', ...userTurn });
    const body = (await res.json()) as {
      object: string;
      choices: { message: { content: string } }[];
      usage: { total_tokens: number };
    };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]!.message.content).toBe('Hello from the fake model server.');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('lists models in the OpenAI list format', async () => {
    const body = (await (await fetch(`${fake.openaiBaseUrl}/models`)).json()) as {
      object: string;
      data: { id: string; object: string }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toEqual(['fake-model', 'fake-reasoner']);
    expect(body.data[0]!.object).toBe('model');
  });

  it('answers an unknown model and a scripted status in OpenAI error format', async () => {
    const res = await post('/v1/chat/completions', { model: 'nope', ...userTurn, stream: true });
    expect(res.status).toBe(404);
    expect(shape(await res.json())).toBe('{error{message,type,param,code}}');
    fake.enqueue({ status: 500, errorMessage: 'out of memory' });
    const res500 = await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true });
    expect(res500.status).toBe(500);
    expect(((await res500.json()) as { error: { message: string } }).error.message).toBe('out of memory');
  });

  it('sends a mid-stream error event after N tokens', async () => {
    fake.enqueue({ reply: 'one two three four', errorAfterTokens: 2, errorMessage: 'model crashed' });
    const events = sseEvents(
      await (await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true })).text(),
    );
    expect(events).toHaveLength(4); // role, two tokens, the error
    expect(JSON.parse(events[3]!)).toEqual({
      error: { message: 'model crashed', type: 'server_error', param: null, code: null },
    });
  });

  it('cuts the connection after N tokens with no final chunk', async () => {
    fake.enqueue({ reply: 'one two three four', cutAfterTokens: 2 });
    const res = await post('/v1/chat/completions', { model: 'fake-model', ...userTurn, stream: true });
    const reader = res.body!.getReader();
    let received = '';
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return null;
          received += new TextDecoder().decode(value);
        }
      } catch (err) {
        return err;
      }
    })();
    expect(failure).toBeInstanceOf(Error);
    expect(received).toContain('" two"');
    expect(received).not.toContain('[DONE]');
    const rec = await fake.waitForClose(fake.requests.length - 1);
    expect(rec.cutByServer).toBe(true);
    expect(rec.closedByClient).toBe(false);
  });

  it('replays a fixture byte for byte', async () => {
    fake.enqueue({ replay: 'openai-chat.gpt-4o.text.sse' });
    const res = await post('/v1/chat/completions', { model: 'whatever', ...userTurn, stream: true });
    expect(await res.text()).toBe(fixturePayload('openai-chat.gpt-4o.text.sse'));
  });
});

describe('tool calls', () => {
  /** The chunks of the fake's answer to a tools request and of the real gpt-4o capture, by what they carry. */
  const toolChunkShapes = (objects: Record<string, unknown>[]) => {
    const shapes = new Map<string, string>();
    for (const o of objects) {
      const choice = (
        o as { choices: { delta: { tool_calls?: { id?: string }[]; role?: string }; finish_reason: string | null }[] }
      ).choices[0];
      const kind = !choice
        ? 'usage'
        : choice.finish_reason
          ? `finish:${choice.finish_reason}`
          : choice.delta.role
            ? 'role'
            : choice.delta.tool_calls?.[0]?.id
              ? 'call-start'
              : 'call-arguments';
      if (!shapes.has(kind)) shapes.set(kind, shape(o));
    }
    return shapes;
  };

  it('sends OpenAI tool_calls in pieces shaped like the real parallel-calls capture', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Edinburgh', units: 'c' } },
        { name: 'get_time', arguments: '{"zone": "UTC"}' },
      ],
    });
    const res = await post('/v1/chat/completions', {
      model: 'fake-model',
      ...userTurn,
      stream: true,
      stream_options: { include_usage: true },
    });
    const events = sseEvents(await res.text());
    expect(events.at(-1)).toBe('[DONE]');
    const objects = events.slice(0, -1).map((e) => JSON.parse(e) as Record<string, unknown>);
    const ours = toolChunkShapes(objects);
    const fixture = toolChunkShapes(fixtureObjects('openai-chat.gpt-4o.parallel-tool-calls.sse'));
    expect([...ours.keys()].sort()).toEqual([...fixture.keys()].sort());
    for (const [kind, expected] of fixture) expect(ours.get(kind), kind).toBe(expected);
    // Put back together by index, the pieces give each call's arguments text.
    const calls: { name: string; arguments: string }[] = [];
    for (const o of objects) {
      for (const piece of (
        o as {
          choices: { delta: { tool_calls?: { index: number; function: { name?: string; arguments: string } }[] } }[];
        }
      ).choices[0]?.delta.tool_calls ?? []) {
        calls[piece.index] ??= { name: piece.function.name ?? '', arguments: '' };
        calls[piece.index]!.arguments += piece.function.arguments;
      }
    }
    expect(calls).toEqual([
      { name: 'get_weather', arguments: '{"city":"Edinburgh","units":"c"}' },
      { name: 'get_time', arguments: '{"zone": "UTC"}' },
    ]);
  });

  it("sends Ollama's message.tool_calls with object arguments, as its API documents", async () => {
    fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const lines = (await (await post('/api/chat', { model: 'fake-model', ...userTurn })).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: { tool_calls?: unknown }; done: boolean });
    expect(lines).toHaveLength(2);
    expect(shape(lines[0])).toBe(
      '{model,created_at,message{role,content,tool_calls[{function{name,arguments{city}}}]},done}',
    );
    expect(lines[0]!.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }]);
    expect(lines[1]).toMatchObject({ done: true, done_reason: 'stop' });
  });
});

describe('Ollama native API', () => {
  it('streams NDJSON lines shaped like the gemma3 fixture, ending with the done line and its stats', async () => {
    const res = await post('/api/chat', { model: 'fake-model', ...userTurn });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const text = await res.text();
    expect(text.endsWith('}\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const fixture = fixtureObjects('ollama-api-chat.gemma3-1b.short.ndjson');
    expect(shape(lines[0])).toBe(shape(fixture[0]));
    expect(shape(lines.at(-1))).toBe(shape(fixture.at(-1)));
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
    expect(lines.map((l) => (l.message as { content: string }).content).join('')).toBe(
      'Hello from the fake model server.',
    );
  });

  it('sends thinking in message.thinking', async () => {
    fake.enqueue({ thinking: 'Let me see.', reply: 'Done.' });
    const lines = (await (await post('/api/chat', { model: 'fake-reasoner', ...userTurn })).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: { thinking?: string } });
    expect(shape(lines[0])).toBe('{model,created_at,message{role,content,thinking},done}');
    expect(lines.map((l) => l.message.thinking ?? '').join('')).toBe('Let me see.');
  });

  it('answers stream:false with one done object', async () => {
    const body = (await (
      await post('/api/chat', { model: 'fake-model', ...userTurn, stream: false })
    ).json()) as Record<string, unknown>;
    expect(body.done).toBe(true);
    expect((body.message as { content: string }).content).toBe('Hello from the fake model server.');
    expect(body.eval_count).toBeGreaterThan(0);
  });

  it('lists tags, shows context length and version', async () => {
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: { name: string }[] };
    expect(tags.models.map((m) => m.name)).toEqual(['fake-model', 'fake-reasoner']);
    const show = (await (await post('/api/show', { model: 'fake-reasoner' })).json()) as {
      model_info: Record<string, unknown>;
    };
    expect(show.model_info['qwen3.context_length']).toBe(32768);
    expect(((await (await fetch(`${fake.url}/api/version`)).json()) as { version: string }).version).toMatch(
      /^\d+\.\d+/,
    );
  });

  it("answers an unknown model and a mid-stream error in Ollama's format", async () => {
    const res = await post('/api/chat', { model: 'nope', ...userTurn });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'model "nope" not found, try pulling it first' });
    fake.enqueue({ reply: 'a b c', errorAfterTokens: 1, errorMessage: 'boom' });
    const lines = (await (await post('/api/chat', { model: 'fake-model', ...userTurn })).text()).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toEqual({ error: 'boom' });
  });

  it('replays the gemma3 capture byte for byte', async () => {
    fake.enqueue({ replay: 'ollama-api-chat.gemma3-1b.short.ndjson' });
    expect(await (await post('/api/chat', { model: 'gemma3:1b', ...userTurn })).text()).toBe(
      fixturePayload('ollama-api-chat.gemma3-1b.short.ndjson'),
    );
  });
});

describe('request record', () => {
  it('records the body and whether the client hung up before the reply finished', async () => {
    await (await post('/api/chat', { model: 'fake-model', ...userTurn })).text();
    const index = fake.requests.length - 1;
    fake.enqueue({ reply: 'a b c d e f g h i j', tokenIntervalMs: 50 });
    const controller = new AbortController();
    const abortable = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'fake-model', ...userTurn }),
      signal: controller.signal,
    });
    const reader = abortable.body!.getReader();
    await reader.read();
    controller.abort();
    const rec = await fake.waitForClose(index + 1);
    expect(rec.closedByClient).toBe(true);
    expect(rec.body).toMatchObject({ model: 'fake-model', messages: userTurn.messages });
    const finished = await fake.waitForClose(index);
    expect(finished.closedByClient).toBe(false);
  });
});
