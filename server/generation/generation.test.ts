import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { signedInUser, type Session } from '#test/helpers';
import type { ConversationDetail } from '#common/conversations';
import {
  browserHeaders,
  joined,
  MODELS,
  sendStreaming,
  sse,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from './test-support';

const LONG_REPLY = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

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
  await t.close();
});

const getConversation = async (s: Session, id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: browserHeaders(s) })
  ).json<ConversationDetail>();

/** The last chat request the fake received. */
const lastChat = () => fake.chatRequests().at(-1)!;

describe.each([
  ['openai', MODELS.openai, MODELS.openaiReasoner],
  ['ollama', MODELS.ollama, MODELS.ollamaReasoner],
] as const)('through the %s provider', (_kind, model, reasoner) => {
  it('streams the SSE events in order and saves the final text', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    fake.enqueue({ reply: 'The kettle is on the left shelf.', tokenIntervalMs: 2 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'Where is the kettle?' });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toBe('no-cache');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const events = await stream.ended;

    const names = events.map((e) => e.event);
    expect(names[0]).toBe('user-message');
    expect(names[1]).toBe('start');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(2, -1).every((n) => n === 'delta')).toBe(true);
    expect(names.length).toBeGreaterThan(4);
    expect(events[0]!.data.message).toMatchObject({
      role: 'user',
      content: 'Where is the kettle?',
      status: 'complete',
    });
    expect(events[1]!.data.message).toMatchObject({ role: 'assistant', status: 'streaming', model, content: '' });
    expect(joined(events)).toBe('The kettle is on the left shelf.');
    const done = events.at(-1)!.data.message;
    expect(done).toMatchObject({ status: 'complete', content: 'The kettle is on the left shelf.' });

    const detail = await getConversation(session, conversationId);
    expect(detail.messages).toHaveLength(2);
    expect(detail.messages[1]).toEqual(done);
    expect(detail.activeLeafId).toBe(done.id);
    expect(detail.messages[1]!.parentId).toBe(detail.messages[0]!.id);
    expect(detail.conversation).toMatchObject({ title: 'Where is the kettle?', model });
    expect(lastChat().model).toBe('fake-model');
  });

  it('keeps reasoning apart and never sends it back to the model', async () => {
    const { session, conversationId } = await userWithConversation(t, reasoner);
    fake.enqueue({ thinking: 'The user wants a number. Six times seven.', reply: 'It is 42.' });
    const first = await (await sendStreaming(t, session, conversationId, { content: 'What is 6 x 7?' })).ended;
    expect(joined(first, 'reasoning')).toBe('The user wants a number. Six times seven.');
    expect(joined(first)).toBe('It is 42.');
    const firstReasoning = first.findIndex((e) => e.event === 'reasoning');
    expect(firstReasoning).toBeLessThan(first.findIndex((e) => e.event === 'delta'));
    expect(first.at(-1)!.data.message).toMatchObject({
      content: 'It is 42.',
      reasoning: 'The user wants a number. Six times seven.',
    });

    fake.enqueue({ reply: 'You are welcome.' });
    await (
      await sendStreaming(t, session, conversationId, { content: 'Thanks!' })
    ).ended;
    const sent = lastChat().body!.messages as { role: string; content: string }[];
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent.slice(1)).toEqual([
      { role: 'user', content: 'What is 6 x 7?' },
      { role: 'assistant', content: 'It is 42.' },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(JSON.stringify(lastChat().body)).not.toContain('Six times seven');
  });

  it('stop closes the upstream connection promptly and keeps the partial text', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    // Tokens far apart: only closing the connection (not the next token) can end it in time.
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 2000 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'Tell me a long story' });
    const start = await stream.waitFor((e) => e.event === 'start');
    await stream.waitFor((e) => e.event === 'delta');
    const upstream = lastChat();

    const stoppedAt = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${start.data.message.id}/stop`,
      headers: browserHeaders(session),
    });
    const closed = await fake.waitForClose(upstream.index, 2000);
    expect(closed.closedByClient).toBe(true);
    // Generous for a busy machine, and still far inside the 2 s between tokens: only the abort can end it.
    expect(closed.closedAt! - stoppedAt).toBeLessThan(1500);

    expect(res.statusCode).toBe(200);
    const stopped = res.json().message;
    expect(stopped.status).toBe('stopped');
    expect(stopped.content.length).toBeGreaterThan(0);
    expect(LONG_REPLY.startsWith(stopped.content)).toBe(true);
    expect(stopped.content).not.toBe(LONG_REPLY);

    const events = await stream.ended;
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { message: { status: 'stopped', content: stopped.content } },
    });
    expect(joined(events)).toBe(stopped.content);
    expect((await getConversation(session, conversationId)).messages[1]).toEqual(stopped);

    // Stopping again answers the final state.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${stopped.id}/stop`,
      headers: browserHeaders(session),
    });
    expect(again.json().message).toEqual(stopped);
  });

  it('stop before the first token closes the upstream connection too', async () => {
    const { session, conversationId } = await userWithConversation(t, model);
    fake.enqueue({ reply: 'slow', firstTokenDelayMs: 10_000 });
    const chatsBefore = fake.chatRequests().length;
    const stream = await sendStreaming(t, session, conversationId, { content: 'Hello?' });
    const start = await stream.waitFor((e) => e.event === 'start');
    while (fake.chatRequests().length === chatsBefore) await new Promise((r) => setTimeout(r, 5));
    const upstream = lastChat();
    const stoppedAt = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${start.data.message.id}/stop`,
      headers: browserHeaders(session),
    });
    expect(res.json().message).toMatchObject({ status: 'stopped', content: '' });
    const closed = await fake.waitForClose(upstream.index, 2000);
    // Generous for a busy machine, and still far inside the 10 s before the first token: only the abort can end it.
    expect(closed.closedAt! - stoppedAt).toBeLessThan(1500);
    await stream.ended;
  });
});

describe('re-attach', () => {
  it('a client that disconnected gets the whole text after re-attaching; the reply kept going', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 3 });
    const first = await sendStreaming(t, session, conversationId, { content: 'Story please' });
    const start = await first.waitFor((e) => e.event === 'start');
    await first.waitFor((e) => e.event === 'delta');
    first.close(); // the tab closed
    await first.ended;
    await new Promise((r) => setTimeout(r, 50)); // more tokens arrive while nobody listens

    const messageId = start.data.message.id as string;
    const again = await sse(`${t.url}/api/generations/${messageId}/events`, { headers: browserHeaders(session) });
    expect(again.status).toBe(200);
    const events = await again.ended;
    expect(events[0]).toMatchObject({ event: 'start', data: { message: { id: messageId, status: 'streaming' } } });
    expect(events[1]!.event).toBe('delta');
    expect(events[1]!.data.text.length).toBeGreaterThan(0);
    expect(joined(events)).toBe(LONG_REPLY);
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { message: { status: 'complete', content: LONG_REPLY } },
    });

    // A finished reply answers `done` at once.
    const late = await (
      await sse(`${t.url}/api/generations/${messageId}/events`, { headers: browserHeaders(session) })
    ).ended;
    expect(late.map((e) => e.event)).toEqual(['done']);
    expect(late[0]!.data.message.content).toBe(LONG_REPLY);
  });

  it("another user's message is 404 for events and stop", async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'hi' });
    const events = await (await sendStreaming(t, session, conversationId, { content: 'hello' })).ended;
    const messageId = events.at(-1)!.data.message.id as string;
    const ben = await signedInUser(t.app);
    const ev = await t.app.inject({
      method: 'GET',
      url: `/api/generations/${messageId}/events`,
      headers: browserHeaders(ben),
    });
    const stop = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${messageId}/stop`,
      headers: browserHeaders(ben),
    });
    expect([ev.statusCode, stop.statusCode]).toEqual([404, 404]);
    expect(stop.json().error.code).toBe('not_found');
  });
});

describe('branches', () => {
  it('the model sees only the active branch', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'A1' }, { reply: 'A2' }, { reply: 'A3' });
    const first = await (await sendStreaming(t, session, conversationId, { content: 'Q1' })).ended;
    await (
      await sendStreaming(t, session, conversationId, { content: 'Q2' })
    ).ended;
    // Back to the end of the first exchange, then a new question there.
    const leaf = first.at(-1)!.data.message.id as string;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}`,
      headers: browserHeaders(session),
      payload: { activeLeafId: leaf },
    });
    expect(patch.json()).toMatchObject({ activeLeafId: leaf });
    await (
      await sendStreaming(t, session, conversationId, { content: 'Q3' })
    ).ended;
    const sent = (lastChat().body!.messages as { role: string; content: string }[]).slice(1).map((m) => m.content);
    expect(sent).toEqual(['Q1', 'A1', 'Q3']);
    const detail = await getConversation(session, conversationId);
    expect(detail.messages.map((m) => m.content)).toEqual(['Q1', 'A1', 'Q2', 'A2', 'Q3', 'A3']);
    expect(detail.messages[4]!.parentId).toBe(leaf);
  });
});

describe('stream: false', () => {
  it('answers with both messages once the reply is complete', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.ollama);
    fake.enqueue({ reply: 'Plain answer.' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: browserHeaders(session),
      payload: { content: 'Question', stream: false },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.userMessage).toMatchObject({ role: 'user', content: 'Question' });
    expect(body.assistantMessage).toMatchObject({
      role: 'assistant',
      content: 'Plain answer.',
      status: 'complete',
      parentId: body.userMessage.id,
    });
  });
});

describe('failures', () => {
  it('a cut stream ends with an error event, the partial text kept', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'one two three four five six', cutAfterTokens: 3, tokenIntervalMs: 2 });
    const events = await (await sendStreaming(t, session, conversationId, { content: 'count' })).ended;
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.error.code).toBe('model_unavailable');
    expect(last.data.message).toMatchObject({ status: 'error', content: 'one two three' });
    expect(last.data.message.error).toEqual(last.data.error);
    expect((await getConversation(session, conversationId)).messages[1]).toEqual(last.data.message);
  });

  it('a server error before any text: SSE error event, and 502/503 for stream=false; the chat still works', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ status: 500, errorMessage: 'model crashed' });
    const events = await (await sendStreaming(t, session, conversationId, { content: 'first' })).ended;
    expect(events.map((e) => e.event)).toEqual(['user-message', 'start', 'error']);
    expect(events[2]!.data.error.code).toBe('model_unavailable');
    expect(events[2]!.data.error.message.length).toBeGreaterThan(0);

    fake.enqueue({ status: 503, errorMessage: 'overloaded' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: browserHeaders(session),
      payload: { content: 'second', stream: false },
    });
    expect([502, 503]).toContain(res.statusCode);
    expect(res.json().error.code).toBe('model_unavailable');

    const detail = await getConversation(session, conversationId);
    expect(detail.messages.map((m) => m.status)).toEqual(['complete', 'error', 'complete', 'error']);

    // The errored replies are not sent to the model; the conversation goes on.
    fake.enqueue({ reply: 'Back again.' });
    const ok = await (await sendStreaming(t, session, conversationId, { content: 'third' })).ended;
    expect(ok.at(-1)!.data.message).toMatchObject({ status: 'complete', content: 'Back again.' });
    const sent = (lastChat().body!.messages as { role: string }[]).map((m) => m.role);
    expect(sent).toEqual(['system', 'user', 'user', 'user']);
  });

  it('a model server that is down: model_unavailable, and history keeps working', async () => {
    const down = await startFakeModelServer();
    const app = await startLiveApp(down);
    try {
      const admin = await signedInUser(app.app, { role: 'admin', displayName: 'Mum' });
      const { session, conversationId } = await userWithConversation(app, MODELS.openai);
      down.enqueue({ reply: 'warm-up' });
      await (
        await sendStreaming(app, session, conversationId, { content: 'hello' })
      ).ended;
      await down.close();

      const events = await (await sendStreaming(app, session, conversationId, { content: 'are you there?' })).ended;
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      expect(last.data.error.code).toBe('model_unavailable');
      // A member reads plain words and whom to tell; no server name, address or status.
      expect(last.data.error.message).toMatch(
        /^The family computer that runs the assistant isn’t answering right now\./,
      );
      expect(JSON.stringify(last.data)).not.toContain('127.0.0.1');
      expect(last.data.error.detail).toBeUndefined();

      const res = await app.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversationId}/messages`,
        headers: browserHeaders(session),
        payload: { content: 'still there?', stream: false },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('model_unavailable');
      expect(res.body).not.toContain('127.0.0.1');

      // An admin's own reply carries the technical detail beside the same plain words.
      const created = await app.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: browserHeaders(admin),
        payload: { model: MODELS.openai },
      });
      const adminEvents = await (
        await sendStreaming(app, admin, created.json<{ id: string }>().id, { content: 'anyone?' })
      ).ended;
      const adminError = adminEvents.at(-1)!.data.error;
      expect(adminError.message).toContain('Admin → Model servers');
      expect(adminError.detail).toContain('127.0.0.1'); // names the server
      // And the member's stored reply, read back, still has no detail: tells them to ask Mum.
      const stored = (
        await app.app.inject({
          method: 'GET',
          url: `/api/conversations/${conversationId}`,
          headers: browserHeaders(session),
        })
      ).json<ConversationDetail>();
      const failed = stored.messages.filter((m) => m.status === 'error');
      expect(failed.length).toBeGreaterThan(0);
      for (const m of failed) {
        expect(m.error?.detail).toBeUndefined();
        expect(m.error?.message).toContain('tell Mum');
      }

      const list = await app.app.inject({ method: 'GET', url: '/api/conversations', headers: browserHeaders(session) });
      expect(list.statusCode).toBe(200);
      const detail = await app.app.inject({
        method: 'GET',
        url: `/api/conversations/${conversationId}`,
        headers: browserHeaders(session),
      });
      expect(detail.json().messages).toHaveLength(6);

      // The server comes back on the same address: the same conversation carries on.
      const back = await startFakeModelServer({ port: Number(new URL(down.url).port) });
      try {
        back.enqueue({ reply: 'I am back.' });
        const ok = await (await sendStreaming(app, session, conversationId, { content: 'hello again' })).ended;
        expect(ok.at(-1)).toMatchObject({
          event: 'done',
          data: { message: { status: 'complete', content: 'I am back.' } },
        });
      } finally {
        await back.close();
      }
    } finally {
      await app.close();
    }
  });
});

describe('lifecycle', () => {
  it('deleting a conversation stops its reply and closes the upstream connection', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.ollama);
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 2000 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'long' });
    await stream.waitFor((e) => e.event === 'delta');
    const upstream = lastChat();
    const deletedAt = Date.now();
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${conversationId}`,
      headers: browserHeaders(session),
    });
    expect(del.statusCode).toBe(204);
    const closed = await fake.waitForClose(upstream.index, 2000);
    expect(closed.closedByClient).toBe(true);
    expect(closed.closedAt! - deletedAt).toBeLessThan(1000);
    expect(t.app.ctx.generations.runningCount()).toBe(0);
    await stream.ended;
  });

  it('shutdown saves running replies as interrupted', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 20 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'long' });
    await stream.waitFor((e) => e.event === 'delta');
    expect(t.app.ctx.generations.runningCount()).toBe(1);
    await t.app.ctx.generations.shutdown();
    expect(t.app.ctx.generations.runningCount()).toBe(0);
    const reply = (await getConversation(session, conversationId)).messages[1]!;
    expect(reply.status).toBe('interrupted');
    expect(reply.content.length).toBeGreaterThan(0);
    expect((await stream.ended).at(-1)!.data.message.status).toBe('interrupted');
  });

  it('a restart marks replies left streaming by a crashed process as interrupted, text so far kept', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: LONG_REPLY, tokenIntervalMs: 20 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'long' });
    const start = await stream.waitFor((e) => e.event === 'start');
    // Long enough for at least one flush of the partial text.
    await new Promise((r) => setTimeout(r, 800));

    // A "crashes": its database handle goes without any shutdown, so nothing more is saved.
    await t.app.ctx.db.destroy();
    // App B on the same data dir, as after a restart.
    const b = await startLiveApp(fake, { HEARTH_DATA_DIR: t.dataDir });
    try {
      expect(await b.app.ctx.generations.recoverAfterRestart()).toBe(1);
      const detail = await b.app.inject({
        method: 'GET',
        url: `/api/conversations/${conversationId}`,
        headers: browserHeaders(session),
      });
      const reply = detail.json<ConversationDetail>().messages.find((m) => m.id === start.data.message.id)!;
      expect(reply.status).toBe('interrupted');
      expect(reply.content.length).toBeGreaterThan(0);
      expect(LONG_REPLY.startsWith(reply.content)).toBe(true);
      expect(await b.app.ctx.generations.recoverAfterRestart()).toBe(0);
    } finally {
      await b.close();
      stream.close();
    }
  });
});
