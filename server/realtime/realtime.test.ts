import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createUser, login, signedInUser, type Session } from '#test/helpers';
import { ServerEvent } from '#common/events';
import {
  browserHeaders,
  MODELS,
  sendStreaming,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';

let fake: FakeModelServer;
let t: LiveApp;
const sockets: WebSocket[] = [];
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
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
});

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;
/** A connected client that records every message it receives. */
type Client = {
  ws: WebSocket;
  received: ServerEvent[];
  next<T extends ServerEvent['type']>(type: T): Promise<EventOf<T>>;
  all<T extends ServerEvent['type']>(type: T): EventOf<T>[];
};

function connect(s: Session | null, origin: string | null = t.url): Promise<Client> {
  const headers: Record<string, string> = s ? { cookie: s.cookie } : {};
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers, ...(origin ? { origin } : {}) });
  sockets.push(ws);
  const received: ServerEvent[] = [];
  const waiters: { type: string; resolve: (m: ServerEvent) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const message = ServerEvent.parse(JSON.parse(data.toString('utf8')));
    received.push(message);
    for (let i = waiters.length - 1; i >= 0; i--)
      if (waiters[i]!.type === message.type) waiters.splice(i, 1)[0]!.resolve(message);
  });
  const client: Client = {
    ws,
    received,
    next: <T extends ServerEvent['type']>(type: T) =>
      new Promise<EventOf<T>>((resolve) => {
        const seen = received.find((m): m is EventOf<T> => m.type === type);
        if (seen) resolve(seen);
        else waiters.push({ type, resolve: (m) => resolve(m as EventOf<T>) });
      }),
    all: <T extends ServerEvent['type']>(type: T) => received.filter((m): m is EventOf<T> => m.type === type),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('WebSocket /api/ws', () => {
  it('says hello, answers ping, and survives garbage', async () => {
    const anna = await signedInUser(t.app);
    const c = await connect(anna);
    expect(await c.next('hello')).toEqual({ type: 'hello', userId: anna.user.id });
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ type: 'launch-missiles' }));
    c.ws.send(JSON.stringify({ type: 'typing', roomId: 42 }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await c.next('pong')).toEqual({ type: 'pong' });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    expect(t.app.ctx.sockets.count()).toBe(1);
  });

  it('refuses a client without a session, without Origin, or from another origin', async () => {
    const anna = await signedInUser(t.app);
    await expect(connect(null)).rejects.toThrow('refused: 401');
    await expect(connect(anna, null)).rejects.toThrow('refused: 403');
    await expect(connect(anna, 'http://evil.example')).rejects.toThrow('refused: 403');
    await expect(connect(anna, t.url.replace('127.0.0.1', 'localhost'))).rejects.toThrow('refused: 403');
    expect(t.app.ctx.sockets.count()).toBe(0);
  });

  it("fans a reply out to the user's other clients, and to nobody else", async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    const ben = await signedInUser(t.app);
    const otherTab = await connect(session);
    const stranger = await connect(ben);
    await otherTab.next('hello');
    await stranger.next('hello');

    fake.enqueue({ reply: 'Shared across tabs.', tokenIntervalMs: 2 });
    const events = await (await sendStreaming(t, session, conversationId, { content: 'hi' })).ended;
    const final = events.at(-1)!.data.message;

    const done = await otherTab.next('generation.done');
    expect(done).toEqual({ type: 'generation.done', conversationId, message: final });
    const start = otherTab.all('generation.start')[0];
    expect(start).toMatchObject({ conversationId, message: { id: final.id, status: 'streaming' } });
    const deltas = otherTab.all('generation.delta');
    expect(deltas.every((d) => d.messageId === final.id && d.conversationId === conversationId)).toBe(true);
    expect(deltas.map((d) => d.text).join('')).toBe('Shared across tabs.');
    const order = otherTab.received.map((m) => m.type).filter((x) => x.startsWith('generation.'));
    expect(order[0]).toBe('generation.start');
    expect(order.at(-1)).toBe('generation.done');

    // Round trip on the stranger's socket: everything sent before the pong has arrived.
    stranger.ws.send(JSON.stringify({ type: 'ping' }));
    await stranger.next('pong');
    // Presence is everyone's news (people chat); nothing of the reply reaches a stranger.
    expect(stranger.received.map((m) => m.type).filter((t) => t !== 'presence')).toEqual(['hello', 'pong']);
  });

  it('tells other tabs about renames and deletions', async () => {
    const { session, conversationId } = await userWithConversation(t);
    const tab = await connect(session);
    await tab.next('hello');
    await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}`,
      headers: browserHeaders(session),
      payload: { title: 'Renamed' },
    });
    expect(await tab.next('conversation.updated')).toEqual({ type: 'conversation.updated', conversationId });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${conversationId}`,
      headers: browserHeaders(session),
    });
    expect(await tab.next('conversation.deleted')).toEqual({ type: 'conversation.deleted', conversationId });
  });

  it("tells a member's tabs at once when an admin changes what they may use, and nobody else", async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const anna = await signedInUser(t.app);
    const ben = await signedInUser(t.app);
    const annasTab = await connect(anna);
    const bensTab = await connect(ben);
    await annasTab.next('hello');
    await bensTab.next('hello');

    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${anna.user.id}`,
      headers: browserHeaders(admin),
      payload: { modelIds: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await annasTab.next('account.updated')).toEqual({ type: 'account.updated' });
    // A ping answered after the change proves ben's socket had its chance to hear of it.
    bensTab.ws.send(JSON.stringify({ type: 'ping' }));
    await bensTab.next('pong');
    expect(bensTab.all('account.updated')).toEqual([]);
  });

  it('closeUser closes every socket of that user only', async () => {
    const anna = await signedInUser(t.app);
    const ben = await signedInUser(t.app);
    const a1 = await connect(anna);
    const a2 = await connect(anna);
    const b = await connect(ben);
    const closed = [a1, a2].map((c) => new Promise<number>((r) => c.ws.once('close', (code) => r(code))));
    expect(t.app.ctx.sockets.closeUser(anna.user.id)).toBe(2);
    expect(await Promise.all(closed)).toEqual([4001, 4001]);
    expect(b.ws.readyState).toBe(WebSocket.OPEN);
    expect(t.app.ctx.sockets.count()).toBe(1);
  });

  it('a password change closes the sockets of the other sessions and keeps this one', async () => {
    const { user, password } = await createUser(t.app);
    const here = await login(t.app, user.username, password);
    const there = await login(t.app, user.username, password);
    const mine = await connect(here);
    const theirs = await connect(there);
    await mine.next('hello');
    const closed = new Promise<number>((r) => theirs.ws.once('close', (code) => r(code)));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: browserHeaders(here),
      payload: { currentPassword: password, newPassword: 'a brand new passphrase 7' },
    });
    expect(res.statusCode).toBe(204);
    expect(await closed).toBe(4001);
    // Still open and still served: a round trip on it works.
    mine.ws.send(JSON.stringify({ type: 'ping' }));
    await mine.next('pong');
    expect(t.app.ctx.sockets.count()).toBe(1);
  });
});
