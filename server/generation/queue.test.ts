/**
 * The fair queue on a real server: members' sends against a model server capped at two
 * (`maxConcurrent`), the fake model server answering slowly, real SSE streams and a real
 * WebSocket client.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerEvent } from '#common/events';
import type { ConversationDetail } from '#common/conversations';
import { startFakeModelServer, type FakeModelServer, type RecordedRequest } from '#test/fakes/fake-model-server';
import { signedInUser, type Session } from '#test/helpers';
import { createApiToken } from '#server/auth/api-tokens';
import {
  browserHeaders,
  MODELS,
  sendStreaming,
  sse,
  startLiveApp,
  type LiveApp,
  type ParsedEvent,
  type SseClient,
} from './test-support';

let fake: FakeModelServer;
let t: LiveApp;
let admin: Session;
const sockets: WebSocket[] = [];

/** A reply of `words` tokens, `ms` apart. */
const slow = (words: number, ms: number) => ({
  reply: Array.from({ length: words }, (_, i) => `w${i}`).join(' '),
  tokenIntervalMs: ms,
});

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.setScript(slow(6, 25));
  t = await startLiveApp(fake, { HEARTH_GENERATED_TITLES: '1', HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0' });
  admin = await signedInUser(t.app, { role: 'admin' });
  await capServer(2);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
  fake.setScript(slow(6, 25));
});

async function capServer(maxConcurrent: number | null) {
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/admin/connections/env-1',
    headers: browserHeaders(admin),
    payload: { maxConcurrent },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function newConversation(s: Session): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(s),
    payload: { model: MODELS.openai },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const getDetail = async (s: Session, id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: browserHeaders(s) })
  ).json<ConversationDetail>();

/** The user text a chat request of the fake answered (the last user turn). */
const askedFor = (r: RecordedRequest): string => {
  const messages = (r.body?.messages ?? []) as { role: string; content: string }[];
  return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
};

/** The most chat requests the fake had open at one moment. */
function mostAtOnce(requests: readonly RecordedRequest[]): number {
  const edges = requests.flatMap((r) => [
    { at: r.openedAt, d: 1 },
    { at: r.closedAt ?? Infinity, d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.d));
  return most;
}

const positions = (events: readonly ParsedEvent[]) =>
  events.filter((e) => e.event === 'queued').map((e) => e.data.position as number);

/** Waits until `check` holds (polling), or fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Client = { received: ServerEvent[] };
function connect(s: Session): Promise<Client> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
  sockets.push(ws);
  const client: Client = { received: [] };
  ws.on('message', (data: Buffer) => client.received.push(ServerEvent.parse(JSON.parse(data.toString('utf8')))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

describe('the fair queue', () => {
  it('5 members × 3 sends on a server capped at 2: round robin, nobody starved, all finish; titles wait', async () => {
    const members = await Promise.all([1, 2, 3, 4, 5].map(() => signedInUser(t.app)));
    const ws = await connect(members[4]!);
    const base = fake.chatRequests().length;
    // The first two replies are held until every send is queued, so the order is the queue's.
    fake.enqueue({ ...slow(4, 20), firstTokenDelayMs: 2500 }, { ...slow(4, 20), firstTokenDelayMs: 2500 });
    const sends: Array<{ member: number; label: string; stream: SseClient }> = [];
    await Promise.all(
      members.map(async (m, i) => {
        for (const n of [1, 2, 3]) {
          const label = `member ${i + 1} send ${n}`;
          const conversationId = await newConversation(m);
          sends.push({ member: i, label, stream: await sendStreaming(t, m, conversationId, { content: label }) });
        }
      }),
    );
    expect(sends.every((s) => s.stream.status === 200)).toBe(true);
    const finals = await Promise.all(sends.map((s) => s.stream.ended));

    // All fifteen finished.
    for (const events of finals)
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { message: { status: 'complete' } } });
    const chats = fake.chatRequests().slice(base);
    const sendRequests = chats.filter((r) => askedFor(r).startsWith('member '));
    expect(sendRequests).toHaveLength(15);
    // Round robin: in each run of five starts, every member once (no second before all firsts).
    const order = sendRequests.map((r) => Number(/member (\d)/.exec(askedFor(r))![1]));
    for (const round of [0, 5, 10]) expect(new Set(order.slice(round, round + 5)).size, order.join(',')).toBe(5);
    // Never more than two at once on the server, titles included.
    expect(mostAtOnce(chats)).toBeLessThanOrEqual(2);

    // The streams: `queued` before `start`, its place only moving up once all were in, down to 0.
    const waited = sends.filter((s) => positions(s.stream.events).length > 0);
    expect(waited.length).toBe(13);
    for (const s of waited) {
      const names = s.stream.events.map((e) => e.event);
      expect(names.indexOf('queued')).toBeLessThan(names.indexOf('start'));
      expect(names.lastIndexOf('queued')).toBeLessThan(names.indexOf('start'));
      const seen = positions(s.stream.events);
      const fromTop = seen.slice(seen.indexOf(Math.max(...seen)));
      expect(fromTop).toEqual([...fromTop].sort((a, b) => b - a));
      expect(seen.at(-1)).toBe(0);
      expect(s.stream.events.find((e) => e.event === 'queued')!.data.message.status).toBe('streaming');
    }
    expect(Math.max(...waited.map((s) => positions(s.stream.events)[0]!))).toBeGreaterThanOrEqual(8);

    // The WebSocket of member 5 heard the same places, then the start, for each of their sends.
    for (const s of sends.filter((x) => x.member === 4)) {
      const queued = s.stream.events.find((e) => e.event === 'queued');
      if (!queued) continue;
      const id = queued.data.message.id as string;
      const heard = ws.received.filter(
        (e): e is Extract<ServerEvent, { type: 'generation.queued' }> =>
          e.type === 'generation.queued' && e.messageId === id,
      );
      expect(heard.length).toBeGreaterThan(0);
      expect(heard.at(-1)!.position).toBe(0);
      expect(heard[0]!.conversationId).toBe(queued.data.message.conversationId);
      const started = ws.received.findIndex((e) => e.type === 'generation.start' && e.message.id === id);
      expect(started).toBeGreaterThan(ws.received.indexOf(heard.at(-1)!));
    }

    // Titles ran only once no member waited: none started before the last send did.
    await t.app.ctx.titles.settled();
    const titles = fake
      .chatRequests()
      .slice(base)
      .filter((r) => askedFor(r).startsWith('Write a 3'));
    expect(titles.length).toBe(15);
    const lastSendStart = Math.max(...sendRequests.map((r) => r.openedAt));
    for (const title of titles) expect(title.openedAt).toBeGreaterThanOrEqual(lastSendStart);
    expect(mostAtOnce(fake.chatRequests().slice(base))).toBeLessThanOrEqual(2);
  }, 60_000);

  it('Stop on a waiting send cancels it and frees its place; a gone client leaves the queue; Stop on a running one frees the slot at once', async () => {
    await capServer(1);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => signedInUser(t.app)));
    fake.enqueue({ ...slow(3, 20), firstTokenDelayMs: 20_000 });
    const running = await sendStreaming(t, a!, await newConversation(a!), { content: 'hold the server' });
    await running.waitFor((e) => e.event === 'start');
    const bConversation = await newConversation(b!);
    const waiting = await sendStreaming(t, b!, bConversation, { content: 'to be cancelled' });
    const behind = await sendStreaming(t, c!, await newConversation(c!), { content: 'behind it' });
    const dConversation = await newConversation(d!);
    const gone = await sendStreaming(t, d!, dConversation, { content: 'tab closed' });
    const queued = await waiting.waitFor((e) => e.event === 'queued');
    expect(queued.data.position).toBe(0);
    await behind.waitFor((e) => e.event === 'queued' && e.data.position === 1);
    await gone.waitFor((e) => e.event === 'queued' && e.data.position === 2);

    // Re-attaching to a waiting reply tells its place too.
    const id = queued.data.message.id as string;
    const again = await sse(`${t.url}/api/generations/${id}/events`, { headers: browserHeaders(b!) });
    await again.waitFor((e) => e.event === 'queued' && e.data.position === 0);
    expect(again.events.some((e) => e.event === 'start')).toBe(false);

    // Stop on the waiting reply: ended `stopped`, no text; the one behind moves up.
    const requestsBefore = fake.chatRequests().length;
    const stop = await t.app.inject({
      method: 'POST',
      url: `/api/generations/${id}/stop`,
      headers: browserHeaders(b!),
    });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ message: { id, status: 'stopped', content: '' } });
    const cancelled = await waiting.ended;
    expect(cancelled.map((e) => e.event)).not.toContain('start');
    expect(cancelled.at(-1)).toMatchObject({ event: 'done', data: { message: { status: 'stopped', content: '' } } });
    await behind.waitFor((e) => e.event === 'queued' && e.data.position === 0);
    await gone.waitFor((e) => e.event === 'queued' && e.data.position === 1);
    expect((await getDetail(b!, bConversation)).messages.at(-1)).toMatchObject({ status: 'stopped', content: '' });

    // The client of a waiting send goes away: it leaves the queue (ends stopped, never asked).
    gone.close();
    await until(
      async () => (await getDetail(d!, dConversation)).messages.at(-1)?.status === 'stopped',
      'the abandoned send to end',
    );
    expect(t.app.ctx.generations.scheduler.waitingCount()).toBe(1);
    expect(fake.chatRequests().length).toBe(requestsBefore); // neither was ever sent to the model

    // Stop on the running reply: the next in line starts at once.
    const runningId = (await running.waitFor((e) => e.event === 'start')).data.message.id as string;
    const stoppedAt = Date.now();
    await t.app.inject({ method: 'POST', url: `/api/generations/${runningId}/stop`, headers: browserHeaders(a!) });
    await behind.waitFor((e) => e.event === 'start');
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    const held = fake.chatRequests().find((r) => askedFor(r) === 'hold the server')!;
    await until(() => held.closedByClient, 'the stopped reply to close its upstream request');
    expect((await behind.ended).at(-1)).toMatchObject({ event: 'done', data: { message: { status: 'complete' } } });
    again.close();
  }, 60_000);

  it('a member waits for their own running reply (web, /v1, a room); a raised limit lets two run', async () => {
    await capServer(null);
    const m = await signedInUser(t.app);
    fake.enqueue({ ...slow(3, 20), firstTokenDelayMs: 800 });
    const first = await sendStreaming(t, m, await newConversation(m), { content: 'first' });
    const second = await sendStreaming(t, m, await newConversation(m), { content: 'second' });
    await second.waitFor((e) => e.event === 'queued' && e.data.position === 0);
    // /v1 waits its turn too: it reaches the model only after both.
    const { token } = await createApiToken(t.app.ctx, m.user, 'tool');
    const v1 = fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'from a tool' }] }),
    });
    expect((await v1).status).toBe(200);
    await Promise.all([first.ended, second.ended]);
    const asked = fake
      .chatRequests()
      .filter((r) => !askedFor(r).startsWith('Write a 3'))
      .slice(-3);
    expect(asked.map(askedFor)).toEqual(['first', 'second', 'from a tool']);
    expect(mostAtOnce(asked)).toBe(1);

    // The admin raises the member's limit to 2: two run at once, neither waits.
    const badValues = [0, 17, 1.5, 'two'];
    for (const maxGenerations of badValues) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${m.user.id}`,
        headers: browserHeaders(admin),
        payload: { maxGenerations },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('maxGenerations');
    }
    const raised = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${m.user.id}`,
      headers: browserHeaders(admin),
      payload: { maxGenerations: 2 },
    });
    expect(raised.statusCode).toBe(200);
    expect(raised.json()).toMatchObject({ maxGenerations: 2 });
    const listed = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: browserHeaders(admin) });
    const items = listed.json<{ items: { id: string; maxGenerations?: number }[] }>().items;
    expect(items.find((u) => u.id === m.user.id)).toMatchObject({ maxGenerations: 2 });
    fake.enqueue(slow(6, 60), slow(6, 60));
    const both = await Promise.all([
      sendStreaming(t, m, await newConversation(m), { content: 'parallel one' }),
      sendStreaming(t, m, await newConversation(m), { content: 'parallel two' }),
    ]);
    const ends = await Promise.all(both.map((s) => s.ended));
    for (const events of ends) expect(events.map((e) => e.event)).not.toContain('queued');
    expect(mostAtOnce(fake.chatRequests().filter((r) => askedFor(r).startsWith('parallel')))).toBe(2);

    // An @assistant reply in a room counts too: with the limit back at 1, it waits (asker's WS).
    await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${m.user.id}`,
      headers: browserHeaders(admin),
      payload: { maxGenerations: 1 },
    });
    const ws = await connect(m);
    fake.enqueue({ ...slow(3, 20), firstTokenDelayMs: 800 });
    const busy = await sendStreaming(t, m, await newConversation(m), { content: 'busy' });
    await busy.waitFor((e) => e.event === 'start');
    const room = await t.app.inject({
      method: 'POST',
      url: '/api/rooms',
      headers: browserHeaders(m),
      payload: { name: 'Kitchen', memberIds: [] },
    });
    expect(room.statusCode, room.body).toBe(201);
    const roomId = room.json<{ id: string }>().id;
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/rooms/${roomId}/messages`,
      headers: browserHeaders(m),
      payload: { text: '@assistant what is for dinner?' },
    });
    expect(post.statusCode).toBe(201);
    await until(
      () => ws.received.some((e) => e.type === 'generation.queued' && e.roomId === roomId && e.position === 0),
      'the room reply to wait',
    );
    await busy.ended;
    await until(
      () =>
        ws.received.some(
          (e) => e.type === 'room.message' && e.message.kind === 'assistant' && e.message.status === 'complete',
        ),
      'the room reply to finish',
    );
  }, 60_000);
});
