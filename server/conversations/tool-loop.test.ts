/**
 * The tool loop (model → tool → model) of a conversation reply, end to end: the real app on a
 * real database, the fake model server speaking OpenAI `tool_calls` in pieces and Ollama's
 * native `message.tool_calls`, and tools handed to the reply as the generation takes them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, Message } from '#common/conversations';
import type { ServerEvent } from '#common/events';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { TOOL_LIMIT_NOTE } from '#server/generation/generation';
import {
  browserHeaders,
  MODELS,
  sse,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';
import type { GenerationTool } from '#server/generation/tools';
import { MAX_TOOL_ROUNDS } from '#server/generation/tools';
import { userChannel } from '#server/realtime/bus';
import type { Session } from '#test/helpers';
import { sendMessage } from './sending';

let fake: FakeModelServer;
let t: LiveApp;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  t = await startLiveApp(fake);
});
afterEach(async () => {
  fake.setScript({});
  await t.close();
});

/** A tool that answers the weather of the city it is given, and remembers its calls. */
function weatherTool(): GenerationTool & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    name: 'get_weather',
    description: 'The weather in a city today',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    calls,
    run: async (args) => {
      calls.push(args);
      return { result: { city: args.city, sky: args.city === 'Oslo' ? 'snow' : 'grey' } };
    },
  };
}

const getDetail = async (s: Session, id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: browserHeaders(s) })
  ).json<ConversationDetail>();

/** Sends with tools and waits for the saved reply. */
async function sendWithTools(
  s: Session,
  conversationId: string,
  content: string,
  tools: GenerationTool[],
): Promise<Message> {
  const { generation } = await sendMessage(t.app.ctx, s.user, conversationId, { content }, { tools });
  return generation.finished;
}

/** A message of a chat request as the fake received it (OpenAI's or Ollama's fields). */
type SentMessage = { role: string; content: string; tool_calls?: unknown[]; tool_call_id?: string; tool_name?: string };

/** The `messages` of chat request `i` as the fake received them. */
const sentMessages = (i: number) => fake.chatRequests()[i]!.body!.messages as SentMessage[];

/** A tool turn's content as the model read it. */
const toolResult = (m: SentMessage) =>
  JSON.parse(m.content) as { code?: string; error?: string } & Record<string, unknown>;

describe.each([
  ['openai', MODELS.openai],
  ['ollama', MODELS.ollama],
] as const)('through the %s provider', (kind, model) => {
  it('calls the tool, gives the model its result, and saves the calls on the reply', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    const events: ServerEvent[] = [];
    t.app.ctx.bus.subscribe(userChannel(session.user.id), (e) => events.push(e));
    const before = fake.chatRequests().length;
    fake.enqueue(
      { reply: 'Let me look. ', toolCalls: [{ name: 'get_weather', arguments: { city: 'Edinburgh' } }] },
      { reply: 'It is grey in Edinburgh.' },
    );
    const tool = weatherTool();

    const reply = await sendWithTools(session, conversationId, 'Weather in Edinburgh?', [tool]);

    expect(tool.calls).toEqual([{ city: 'Edinburgh' }]);
    expect(reply.status).toBe('complete');
    expect(reply.content).toBe('Let me look. It is grey in Edinburgh.');
    expect(reply.toolCalls).toHaveLength(1);
    const [call] = reply.toolCalls!;
    expect(call).toEqual({
      id: call!.id,
      name: 'get_weather',
      arguments: { city: 'Edinburgh' },
      result: { city: 'Edinburgh', sky: 'grey' },
    });

    // The second request carried the call and its result, in the provider's own shape.
    expect(fake.chatRequests().length - before).toBe(2);
    const second = sentMessages(before + 1);
    expect(second.slice(-2)[0]).toMatchObject({ role: 'assistant', content: 'Let me look. ' });
    expect(second.at(-1)).toMatchObject(
      kind === 'openai' ? { role: 'tool', tool_call_id: call!.id } : { role: 'tool', tool_name: 'get_weather' },
    );
    expect(toolResult(second.at(-1)!)).toEqual({ city: 'Edinburgh', sky: 'grey' });

    // Live clients heard the call being made and answered.
    const toolEvents = events.filter((e) => e.type === 'generation.tool');
    expect(toolEvents.map((e) => (e.type === 'generation.tool' ? e.call.result : null))).toEqual([
      undefined,
      { city: 'Edinburgh', sky: 'grey' },
    ]);

    const detail = await getDetail(session, conversationId);
    expect(detail.messages.at(-1)).toEqual(reply);
  });

  it('rebuilds the tool turns for the model from the saved calls on the next message', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }, { reply: 'Snow.' });
    const reply = await sendWithTools(session, conversationId, 'Weather in Oslo?', [weatherTool()]);
    fake.enqueue({ reply: 'You are welcome.' });
    await sendWithTools(session, conversationId, 'Thanks!', []);
    const sent = sentMessages(fake.chatRequests().length - 1);
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    const callId = reply.toolCalls![0]!.id;
    if (kind === 'openai') {
      expect(sent[2]!.tool_calls).toEqual([
        { id: callId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
      ]);
      expect(sent[3]).toMatchObject({ tool_call_id: callId });
    } else {
      expect(sent[2]!.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }]);
      expect(sent[3]).toMatchObject({ tool_name: 'get_weather' });
    }
    expect(sent[4]).toEqual({ role: 'assistant', content: 'Snow.' });
  });

  it('ends after the last round with tools: the model is asked without them, then a note', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    const before = fake.chatRequests().length;
    // This model never stops asking.
    fake.setScript({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const tool = weatherTool();
    const reply = await sendWithTools(session, conversationId, 'Weather?', [tool]);

    const requests = fake.chatRequests().slice(before);
    expect(requests).toHaveLength(MAX_TOOL_ROUNDS + 1);
    expect(requests.slice(0, -1).every((r) => Array.isArray(r.body!.tools))).toBe(true);
    expect(requests.at(-1)!.body).not.toHaveProperty('tools');
    expect(tool.calls).toHaveLength(MAX_TOOL_ROUNDS);
    expect(reply.toolCalls).toHaveLength(MAX_TOOL_ROUNDS);
    expect(reply.status).toBe('complete');
    expect(reply.content).toBe(TOOL_LIMIT_NOTE);
  });

  it('tells the model about a refused call, an unknown tool and bad arguments instead of failing', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    const before = fake.chatRequests().length;
    const strict: GenerationTool = {
      name: 'lookup',
      description: 'Looks things up',
      parameters: { type: 'object', properties: {} },
      run: async () => ({ refused: { code: 'not_allowed', message: 'That is not yours to look up.' } }),
    };
    const calls = [
      { name: 'lookup', arguments: { what: 'secrets' } },
      { name: 'no_such_tool', arguments: {} },
      // Ollama sends objects, so only the OpenAI wire can carry text that is not JSON.
      ...(kind === 'openai'
        ? [{ name: 'lookup', arguments: '{"what": secr' }]
        : [{ name: 'lookup', arguments: '[1, 2]' }]),
    ];
    fake.enqueue({ toolCalls: calls }, { reply: 'I could not look that up.' });
    const reply = await sendWithTools(session, conversationId, 'Look up the secrets', [strict]);

    expect(reply.status).toBe('complete');
    expect(reply.content).toBe('I could not look that up.');
    expect(reply.toolCalls!.map((c) => c.refused?.code)).toEqual(['not_allowed', 'unknown_tool', 'bad_arguments']);
    expect(reply.toolCalls![0]).toMatchObject({
      arguments: { what: 'secrets' },
      refused: { message: 'That is not yours to look up.' },
    });
    expect(reply.toolCalls![2]!.arguments).toBe(kind === 'openai' ? '{"what": secr' : '[1,2]');
    expect(reply.toolCalls!.every((c) => c.result === undefined)).toBe(true);
    const results = sentMessages(before + 1)
      .filter((m) => m.role === 'tool')
      .map(toolResult);
    expect(results.map((r) => r.code)).toEqual(['not_allowed', 'unknown_tool', 'bad_arguments']);
    expect(results[1]!.error).toContain('lookup');
  });
});

describe('the tool loop', () => {
  it("runs both of the real captured stream's parallel calls, in order", async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    const before = fake.chatRequests().length;
    const seen: string[] = [];
    const tool = (name: string): GenerationTool => ({
      name,
      description: name,
      parameters: { type: 'object' },
      run: async (args) => {
        seen.push(name);
        return { result: { ok: true, args } };
      },
    });
    fake.enqueue({ replay: 'openai-chat.gpt-4o.parallel-tool-calls.sse' }, { reply: 'Grey, and up.' });
    const reply = await sendWithTools(session, conversationId, 'Weather and AAPL?', [
      tool('GetWeatherArgs'),
      tool('get_stock_price'),
    ]);
    expect(seen).toEqual(['GetWeatherArgs', 'get_stock_price']);
    expect(reply.toolCalls!.map((c) => [c.id, c.arguments])).toEqual([
      ['call_JMW1whyEaYG438VE1OIflxA2', { city: 'Edinburgh', country: 'GB', units: 'c' }],
      ['call_DNYTawLBoN8fj3KN6qU9N1Ou', { ticker: 'AAPL', exchange: 'NASDAQ' }],
    ]);
    const second = sentMessages(before + 1);
    expect(second.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual([
      'call_JMW1whyEaYG438VE1OIflxA2',
      'call_DNYTawLBoN8fj3KN6qU9N1Ou',
    ]);
    expect(second.at(-3)!.tool_calls).toHaveLength(2);
  });

  it('stops during a tool round: the text and the call so far are kept, the tool is told, no more model requests', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    const slow: GenerationTool = {
      name: 'slow_lookup',
      description: 'Takes its time',
      parameters: { type: 'object' },
      run: (_args, { signal }) =>
        new Promise((resolve) => {
          started();
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ result: 'too late' });
          });
        }),
    };
    const before = fake.chatRequests().length;
    fake.enqueue({ reply: 'Let me check.', toolCalls: [{ name: 'slow_lookup', arguments: { q: 'x' } }] });
    const { generation } = await sendMessage(
      t.app.ctx,
      session.user,
      conversationId,
      { content: 'Check' },
      { tools: [slow] },
    );
    await running;

    // A client re-attaching meanwhile sees the text and the call so far.
    const attached = await sse(`${t.url}/api/generations/${generation.id}/events`, {
      headers: browserHeaders(session),
    });
    const toolEvent = await attached.waitFor((e) => e.event === 'tool');
    expect(toolEvent.data.call).toMatchObject({ name: 'slow_lookup', arguments: { q: 'x' } });
    expect(toolEvent.data.call).not.toHaveProperty('result');

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${generation.id}/stop`,
      headers: browserHeaders(session),
    });
    expect(res.statusCode).toBe(200);
    const stopped = res.json<{ message: Message }>().message;
    expect(stopped).toMatchObject({ status: 'stopped', content: 'Let me check.' });
    expect(stopped.toolCalls).toEqual([
      {
        id: expect.any(String),
        name: 'slow_lookup',
        arguments: { q: 'x' },
        refused: { code: 'stopped', message: expect.any(String) },
      },
    ]);
    expect(aborted).toBe(true);
    const events = await attached.ended;
    expect(events.at(-1)!.event).toBe('done');

    await generation.finished;
    expect(fake.chatRequests().length - before).toBe(1);
    expect((await getDetail(session, conversationId)).messages.at(-1)).toEqual(stopped);
  });

  it('keeps the tool calls through a JSON export and import', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.ollama);
    fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }, { reply: 'Snow in Oslo.' });
    const reply = await sendWithTools(session, conversationId, 'Weather in Oslo?', [weatherTool()]);

    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}/export?format=json`,
      headers: browserHeaders(session),
    });
    expect(exported.statusCode).toBe(200);
    const file = exported.json<{ messages: { toolCalls?: unknown }[] }>();
    expect(file.messages[1]!.toolCalls).toEqual(reply.toolCalls);

    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/conversations/import',
      headers: browserHeaders(session),
      payload: file,
    });
    expect(imported.statusCode).toBe(201);
    const copy = await getDetail(session, imported.json<{ items: { id: string }[] }>().items[0]!.id);
    expect(copy.messages[1]).toMatchObject({ role: 'assistant', content: 'Snow in Oslo.', toolCalls: reply.toolCalls });
  });

  it('refuses an imported tool result nested too deeply to store, naming where', async () => {
    const { session } = await userWithConversation(t, MODELS.openai);
    const at = '2026-01-01T00:00:00.000Z';
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const body =
      `{"format":"hearth.conversation","version":1,"exportedAt":"${at}",` +
      `"conversation":{"title":"Deep","activeLeafId":"b","createdAt":"${at}","updatedAt":"${at}"},"messages":[` +
      `{"id":"a","parentId":null,"role":"user","content":"hi","status":"complete","createdAt":"${at}"},` +
      `{"id":"b","parentId":"a","role":"assistant","content":"ok","status":"complete","createdAt":"${at}",` +
      `"toolCalls":[{"id":"c1","name":"x","arguments":{},"result":${deep}}]}]}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/conversations/import',
      headers: { ...browserHeaders(session), 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { field: 'messages[1].toolCalls' } });
  });

  it('a plain send (no tools) sends no tools and saves no tool calls', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'Hello.' });
    const reply = await sendWithTools(session, conversationId, 'Hi', []);
    expect(reply).not.toHaveProperty('toolCalls');
    expect(fake.chatRequests().at(-1)!.body).not.toHaveProperty('tools');
  });
});
