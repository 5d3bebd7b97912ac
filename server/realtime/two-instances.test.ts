/**
 * Two Hearth processes: two apps on ONE SQLite database file, sharing ONE bus object (what a
 * Redis bus will be between processes). A change made on instance A reaches what runs on B:
 * disabling a user closes their socket and stops their reply on B; a stop or a re-attach sent
 * to A reaches the reply B runs, its text and its tool calls. Real ports, a real `ws` client, the fake model server
 * streaming slowly.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Message } from '#common/conversations';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { asUser, signedInUser, type Session } from '#test/helpers';
import {
  browserHeaders,
  joined,
  MODELS,
  sendStreaming,
  sse,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';
import { sendMessage } from '#server/conversations/sending';
import type { GenerationTool } from '#server/generation/tools';
import { createMemoryBus } from './bus';

let fake: FakeModelServer;
let a: LiveApp;
let b: LiveApp;
/** What B logged: a deleted user's reply must end quietly there. */
let logOfB: string[];
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  const bus = createMemoryBus();
  logOfB = [];
  a = await startLiveApp(fake, {}, { services: { bus } });
  b = await startLiveApp(fake, { HEARTH_DATA_DIR: a.dataDir }, { services: { bus }, logLines: logOfB });
});
afterEach(async () => {
  await b.close();
  await a.close();
});

/** 200 words at 40 ms each: 8 s, far longer than any test waits. */
const SLOW = { reply: Array.from({ length: 200 }, (_, i) => `word${i}`).join(' '), tokenIntervalMs: 40 };

/** A reply streaming on instance B, some text already out. */
async function replyOnB() {
  const { session, conversationId } = await userWithConversation(b, MODELS.openai);
  fake.enqueue(SLOW);
  const stream = await sendStreaming(b, session, conversationId, { content: 'Tell me a long story' });
  const start = await stream.waitFor((e) => e.event === 'start');
  await stream.waitFor((e) => e.event === 'delta');
  const messageId = (start.data.message as Message).id;
  // Running on B only: A knows it from the database alone.
  expect(b.app.ctx.generations.get(messageId)).toBeDefined();
  expect(a.app.ctx.generations.get(messageId)).toBeUndefined();
  return { session, stream, messageId, upstream: fake.chatRequests().at(-1)! };
}

function openSocket(t: LiveApp, s: Session): Promise<WebSocket> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('two instances on one database and one bus', () => {
  it('disabling a user on A closes their socket on B and stops their reply on B within 1 s', async () => {
    const admin = await signedInUser(a.app, { role: 'admin' });
    const { session, stream, upstream } = await replyOnB();
    const ws = await openSocket(b, session);
    const wsClosed = new Promise<{ code: number; at: number }>((resolve) =>
      ws.once('close', (code) => resolve({ code, at: Date.now() })),
    );
    expect(b.app.ctx.sockets.count()).toBe(1);

    const started = Date.now();
    const res = await a.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${session.user.id}`,
      headers: asUser(admin),
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);

    const { code, at } = await wsClosed;
    expect(code).toBe(4001);
    expect(at - started).toBeLessThan(1000);
    const closed = await fake.waitForClose(upstream.index, 1000);
    expect(closed.closedByClient).toBe(true);
    const done = (await stream.ended).find((e) => e.event === 'done');
    expect(done?.data.message.status).toBe('stopped');
    expect((done?.data.message.content as string).startsWith('word0')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(b.app.ctx.sockets.count()).toBe(0);
  });

  it('deleting a user on A stops their reply on B, whose last writes touch nothing and log nothing loud', async () => {
    const admin = await signedInUser(a.app, { role: 'admin' });
    const { session, stream, upstream } = await replyOnB();
    const ws = await openSocket(b, session);
    const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const res = await a.app.inject({
      method: 'DELETE',
      url: `/api/admin/users/${session.user.id}`,
      headers: asUser(admin),
    });
    expect(res.statusCode).toBe(204);
    expect(await wsClosed).toBe(4001);
    expect((await fake.waitForClose(upstream.index, 1000)).closedByClient).toBe(true);
    expect((await stream.ended).find((e) => e.event === 'done')?.data.message.status).toBe('stopped');
    // Its final text and its usage were written (to rows that are gone) before the queue emptied.
    while (b.app.ctx.writes.size > 0) await new Promise((resolve) => setImmediate(resolve));
    const loud = logOfB.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level >= 40);
    expect(loud).toEqual([]);
    expect(logOfB.some((line) => line.includes('usage of a deleted user not counted'))).toBe(true);
  });

  it('deleting a conversation on A stops its reply on B', async () => {
    const { session, stream, upstream } = await replyOnB();
    const conversationId = (await stream.waitFor((e) => e.event === 'start')).data.message.conversationId as string;
    const res = await a.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${conversationId}`,
      headers: asUser(session),
    });
    expect(res.statusCode).toBe(204);
    expect((await fake.waitForClose(upstream.index, 1000)).closedByClient).toBe(true);
    expect((await stream.ended).find((e) => e.event === 'done')?.data.message.status).toBe('stopped');
  });

  it('signing out on A closes the socket of that session on B, and only that one', async () => {
    const anna = await signedInUser(a.app);
    const other = await signedInUser(a.app);
    const ws = await openSocket(b, anna);
    const bystander = await openSocket(b, other);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const res = await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: asUser(anna) });
    expect(res.statusCode).toBe(204);
    expect(await closed).toBe(4001);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    bystander.terminate();
  });

  it('a stop sent to A stops the reply running on B and answers with it, text kept', async () => {
    const { session, stream, messageId, upstream } = await replyOnB();
    const res = await fetch(`${a.url}/api/generations/${messageId}/stop`, {
      method: 'POST',
      headers: browserHeaders(session),
    });
    expect(res.status).toBe(200);
    const { message } = (await res.json()) as { message: Message };
    expect(message.status).toBe('stopped');
    expect(message.content.startsWith('word0')).toBe(true);

    const done = (await stream.ended).find((e) => e.event === 'done');
    expect(done?.data.message).toMatchObject({ id: messageId, status: 'stopped', content: message.content });
    expect((await fake.waitForClose(upstream.index, 1000)).closedByClient).toBe(true);
    expect(b.app.ctx.generations.get(messageId)).toBeUndefined();
  });

  it('re-attaching on A follows the reply running on B: the text so far, then the rest, no gap, no repeat', async () => {
    const { session, stream, messageId } = await replyOnB();
    const follower = await sse(`${a.url}/api/generations/${messageId}/events`, { headers: browserHeaders(session) });
    expect(follower.status).toBe(200);
    expect(follower.headers.get('content-type')).toContain('text/event-stream');
    const first = await follower.waitFor((e) => e.event === 'delta');
    expect((first.data.text as string).startsWith('word0')).toBe(true);
    // Let a few more words arrive live, then end the reply so the test does not wait 8 s.
    const seen = joined(follower.events).length;
    await follower.waitFor(() => joined(follower.events).length > seen);
    await b.app.ctx.generations.stop(messageId);

    const events = await follower.ended;
    expect(events[0]?.event).toBe('start');
    expect(events.at(-1)?.event).toBe('done');
    const final = events.at(-1)!.data.message as Message;
    expect(final.status).toBe('stopped');
    // Every delta together is exactly the saved text: nothing missing, nothing twice.
    expect(joined(events)).toBe(final.content);
    expect(joined(await stream.ended)).toBe(final.content);
  });

  it('re-attaching on A follows the tool calls of the reply on B: the call so far, then its result', async () => {
    const { session, conversationId } = await userWithConversation(b, MODELS.openai);
    let release!: () => void;
    let running!: () => void;
    const called = new Promise<void>((resolve) => (running = resolve));
    const lookup: GenerationTool = {
      name: 'get_weather',
      description: 'The weather in a city today',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
      run: () => {
        running();
        return new Promise((resolve) => (release = () => resolve({ result: { sky: 'snow' } })));
      },
    };
    fake.enqueue(
      { reply: 'Let me look. ', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
      { reply: 'Snow in Oslo.' },
    );
    const { generation } = await sendMessage(
      b.app.ctx,
      session.user,
      conversationId,
      { content: 'Weather in Oslo?' },
      { tools: [lookup] },
    );
    await called;

    const follower = await sse(`${a.url}/api/generations/${generation.id}/events`, {
      headers: browserHeaders(session),
    });
    await follower.waitFor((e) => e.event === 'delta'); // the snapshot is in: the call runs still
    release();
    const events = await follower.ended;

    const final = events.at(-1)!.data.message as Message;
    expect(final).toMatchObject({ status: 'complete', content: 'Let me look. Snow in Oslo.' });
    expect(joined(events)).toBe(final.content);
    const call = { id: final.toolCalls![0]!.id, name: 'get_weather', arguments: { city: 'Oslo' } };
    expect(events.filter((e) => e.event === 'tool').map((e) => e.data.call as unknown)).toEqual([
      call,
      { ...call, result: { sky: 'snow' } },
    ]);
  });

  it('a stop or re-attach on A of a reply nobody runs answers its saved state', async () => {
    const { session, conversationId } = await userWithConversation(b, MODELS.openai);
    fake.enqueue({ reply: 'short and sweet' });
    const stream = await sendStreaming(b, session, conversationId, { content: 'Hi' });
    const done = (await stream.ended).find((e) => e.event === 'done')!;
    const id = (done.data.message as Message).id;
    const stop = await fetch(`${a.url}/api/generations/${id}/stop`, {
      method: 'POST',
      headers: browserHeaders(session),
    });
    expect(((await stop.json()) as { message: Message }).message).toMatchObject({
      status: 'complete',
      content: 'short and sweet',
    });
    const again = await (
      await sse(`${a.url}/api/generations/${id}/events`, { headers: browserHeaders(session) })
    ).ended;
    expect(again.map((e) => e.event)).toEqual(['done']);
  });
});
