/**
 * Tool calling through both providers against the fake model server: OpenAI `tool_calls`
 * arriving in pieces (a real captured stream among them) and Ollama's native
 * `message.tool_calls` with object arguments; the request's `tools`; and the tool turns sent back
 * in each API's own shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { collect, connectionTo, testTimeouts } from '#test/fakes/provider-helpers';
import { createOllamaProvider } from './ollama';
import { createOpenAiProvider } from './openai-compatible';
import type { ChatTurn, ToolSpec } from './types';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});

const weather: ToolSpec = {
  name: 'get_weather',
  description: 'The weather in a city today',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const ask: ChatTurn[] = [{ role: 'user', content: 'Weather in Edinburgh?' }];
const signal = () => new AbortController().signal;
const openai = () => createOpenAiProvider(connectionTo('openai', fake.openaiBaseUrl), testTimeouts);
const ollama = () => createOllamaProvider(connectionTo('ollama', fake.ollamaBaseUrl), testTimeouts);

/** A conversation in which the model called get_weather and got an answer. */
const afterCall: ChatTurn[] = [
  ...ask,
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Edinburgh"}' }],
  },
  { role: 'tool', toolCallId: 'call_1', name: 'get_weather', content: '{"sky":"grey"}' },
];

describe('OpenAI-compatible tool calls', () => {
  it("assembles the real captured stream's two parallel calls from their pieces", async () => {
    fake.enqueue({ replay: 'openai-chat.gpt-4o.parallel-tool-calls.sse' });
    const r = await collect(
      openai().streamChat({ model: 'fake-model', messages: ask, signal: signal(), tools: [weather] }),
    );
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('');
    expect(r.toolCalls).toEqual([
      {
        id: 'call_JMW1whyEaYG438VE1OIflxA2',
        name: 'GetWeatherArgs',
        arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}',
      },
      {
        id: 'call_DNYTawLBoN8fj3KN6qU9N1Ou',
        name: 'get_stock_price',
        arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}',
      },
    ]);
    expect(r.usage).toEqual({ kind: 'usage', promptTokens: 149, completionTokens: 60 });
  });

  it('passes the tools, and hands on calls written after some text', async () => {
    fake.enqueue({
      reply: 'Let me look.',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Edinburgh' }, id: 'call_x' }],
    });
    const r = await collect(
      openai().streamChat({ model: 'fake-model', messages: ask, signal: signal(), tools: [weather] }),
    );
    expect(r.text).toBe('Let me look.');
    expect(r.toolCalls).toEqual([{ id: 'call_x', name: 'get_weather', arguments: '{"city":"Edinburgh"}' }]);
    expect(fake.chatRequests().at(-1)!.body!.tools).toEqual([{ type: 'function', function: weather }]);
  });

  it('keeps arguments that are not JSON as the model wrote them', async () => {
    fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city": Edinb' }] });
    const r = await collect(
      openai().streamChat({ model: 'fake-model', messages: ask, signal: signal(), tools: [weather] }),
    );
    expect(r.toolCalls).toMatchObject([{ name: 'get_weather', arguments: '{"city": Edinb' }]);
    expect(r.toolCalls[0]!.id).toMatch(/^call_/);
  });

  it('sends the assistant tool_calls and role "tool" results back', async () => {
    fake.enqueue({ reply: 'It is grey.' });
    const r = await collect(
      openai().streamChat({ model: 'fake-model', messages: afterCall, signal: signal(), tools: [weather] }),
    );
    expect(r.text).toBe('It is grey.');
    expect(fake.chatRequests().at(-1)!.body!.messages).toEqual([
      { role: 'user', content: 'Weather in Edinburgh?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Edinburgh"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"grey"}' },
    ]);
  });

  it('sends no tools when none are given', async () => {
    fake.enqueue({ reply: 'Hi.' });
    await collect(openai().streamChat({ model: 'fake-model', messages: ask, signal: signal() }));
    expect(fake.chatRequests().at(-1)!.body).not.toHaveProperty('tools');
  });
});

describe('Ollama native tool calls', () => {
  it('reads message.tool_calls with object arguments and makes up the missing ids', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Edinburgh' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } },
      ],
    });
    const r = await collect(
      ollama().streamChat({ model: 'fake-model', messages: ask, signal: signal(), tools: [weather] }),
    );
    expect(r.error).toBeUndefined();
    expect(r.toolCalls.map((c) => [c.name, c.arguments])).toEqual([
      ['get_weather', '{"city":"Edinburgh"}'],
      ['get_weather', '{"city":"Oslo"}'],
    ]);
    const [a, b] = r.toolCalls.map((c) => c.id);
    expect(a).toMatch(/^call_\w+$/);
    expect(a).not.toBe(b);
    expect(r.usage).toMatchObject({ kind: 'usage' });
    expect(fake.chatRequests().at(-1)!.body!.tools).toEqual([{ type: 'function', function: weather }]);
  });

  it('sends the assistant tool_calls (arguments as an object) and role "tool" results naming the tool', async () => {
    fake.enqueue({ reply: 'It is grey.' });
    const r = await collect(
      ollama().streamChat({ model: 'fake-model', messages: afterCall, signal: signal(), tools: [weather] }),
    );
    expect(r.text).toBe('It is grey.');
    expect(fake.chatRequests().at(-1)!.body!.messages).toEqual([
      { role: 'user', content: 'Weather in Edinburgh?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Edinburgh' } } }],
      },
      { role: 'tool', content: '{"sky":"grey"}', tool_name: 'get_weather' },
    ]);
  });

  it('sends no tools when none are given', async () => {
    fake.enqueue({ reply: 'Hi.' });
    await collect(ollama().streamChat({ model: 'fake-model', messages: ask, signal: signal() }));
    expect(fake.chatRequests().at(-1)!.body).not.toHaveProperty('tools');
  });
});
