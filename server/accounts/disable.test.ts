/**
 * Disabling a user cuts them off within a second: their live WebSocket closes and their running
 * reply stops, closing the upstream request to the model server. Real port, real `ws` client,
 * real HTTP stream against the fake model server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { signedInUser } from '#test/helpers';
import {
  MODELS,
  sendStreaming,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';
import { call } from '#server/admin/test-support';

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

describe('disabling a user', () => {
  it('closes their WebSocket and stops their running reply (upstream closed) within 1 s', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);

    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, {
      headers: { cookie: session.cookie },
      origin: t.url,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const wsClosed = new Promise<{ code: number; at: number }>((resolve) =>
      ws.once('close', (code) => resolve({ code, at: Date.now() })),
    );

    // A slow reply: 200 words at 50 ms each would take 10 s.
    fake.enqueue({ reply: Array.from({ length: 200 }, (_, i) => `word${i}`).join(' '), tokenIntervalMs: 50 });
    const stream = await sendStreaming(t, session, conversationId, { content: 'Tell me a long story' });
    await stream.waitFor((e) => e.event === 'delta');
    const upstream = fake.chatRequests().at(-1)!;
    expect(upstream.closedAt).toBeNull();

    const started = Date.now();
    const res = await call(t.app, admin, 'PATCH', `/api/admin/users/${session.user.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);

    const closed = await fake.waitForClose(upstream.index, 1000);
    expect(closed.closedByClient).toBe(true);
    expect(closed.closedAt! - started).toBeLessThan(1000);
    const { code, at } = await wsClosed;
    expect(code).toBe(4001);
    expect(at - started).toBeLessThan(1000);

    const events = await stream.ended;
    const done = events.find((e) => e.event === 'done');
    expect(done?.data.message.status).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(1000);
    // The partial reply is kept; their session is gone.
    expect((done?.data.message.content as string).startsWith('word0')).toBe(true);
    expect((await call(t.app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('leaves other users alone', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const victim = await signedInUser(t.app);
    const { session: bystander, conversationId } = await userWithConversation(t, MODELS.openai);
    fake.enqueue({ reply: 'one two three four five six', tokenIntervalMs: 30 });
    const stream = await sendStreaming(t, bystander, conversationId, { content: 'Hi' });
    await stream.waitFor((e) => e.event === 'delta');
    await call(t.app, admin, 'PATCH', `/api/admin/users/${victim.user.id}`, { disabled: true });
    const events = await stream.ended;
    expect(events.find((e) => e.event === 'done')?.data.message.status).toBe('complete');
    expect((await call(t.app, bystander, 'GET', '/api/auth/me')).statusCode).toBe(200);
  });
});
