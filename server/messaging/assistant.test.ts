/**
 * `@assistant` in a room, over real sockets against the fake model server: the reply streams to
 * every member (room.delta with offsets, then the final room.message), takes one seq at the
 * start and one at the end, only the asker can stop it (the model server sees the upstream
 * close), a member without the task gets a plain refusal in the room, and task ids cannot be
 * usernames.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoomMessage } from '#common/messaging';
import { setAllowLists } from '#server/accounts/permissions';
import { startLiveApp, type LiveApp } from '#server/generation/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { asUser, createUser, signedInUser, type Session } from '#test/helpers';
import { mentionedTask } from './assistant';
import { catchUp, connectMember, makeRoom, post, type RoomClient } from './assistant-test-support';

let fake: FakeModelServer;
let t: LiveApp;
let alice: Session, bob: Session, carol: Session;
let clients: RoomClient[];
let roomId: string;

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  t = await startLiveApp(fake);
  alice = await signedInUser(t.app, { username: 'alice', displayName: 'Alice' });
  bob = await signedInUser(t.app, { username: 'bob', displayName: 'Bob' });
  carol = await signedInUser(t.app, { username: 'carol', displayName: 'Carol' });
  roomId = (await makeRoom(t, alice, [bob, carol])).id;
  clients = await Promise.all([alice, bob, carol].map((s) => connectMember(t, s)));
});
afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  await t.close();
});

const isReply = (askedBy: string) => (e: { message: RoomMessage }) =>
  e.message.kind === 'assistant' && e.message.askedBy === askedBy;
const ended = (e: { message: RoomMessage }) => e.message.kind === 'assistant' && e.message.status !== 'streaming';
const stop = (s: Session, messageId: string) =>
  t.app.inject({ method: 'POST', url: `/api/generations/${messageId}/stop`, headers: asUser(s) });

describe('@assistant in a room', () => {
  it('streams the reply to every member, with one seq at the start and one at the end', async () => {
    fake.setScript({ reply: 'Pasta tonight, with a green salad on the side.', tokenIntervalMs: 5 });
    const question = await post(t, alice, roomId, 'What shall we cook? @assistant');
    expect(question.status).toBe(201);

    for (const c of clients) {
      const start = await c.waitFor('room.message', (e) => isReply(alice.user.id)(e));
      const done = await c.waitFor('room.message', ended);
      expect(start.message).toMatchObject({ kind: 'assistant', status: 'streaming', text: '', sender: null });
      expect(start.message.replyTo?.id).toBe(question.message.id);
      expect(done.message).toMatchObject({
        id: start.message.id,
        status: 'complete',
        askedBy: alice.user.id,
        text: 'Pasta tonight, with a green salad on the side.',
      });
      // The question took seq n, the reply n + 1 at its start and n + 2 at its end: no seq per flush.
      expect(start.message.seq).toBe(question.message.seq + 1);
      expect(done.message.updatedSeq).toBe(start.message.seq + 1);
      // The deltas join up exactly: each starts where the text so far ends.
      let text = '';
      for (const d of c.all('room.delta').filter((e) => e.messageId === start.message.id)) {
        expect(d.offset).toBe(text.length);
        text += d.text;
      }
      expect(text).toBe(done.message.text);
    }
    // The model read the room with names, and the question last.
    const request = fake.chatRequests().at(-1)!;
    const messages = request.body!.messages as { role: string; content: string }[];
    expect(messages[0]!.role).toBe('system');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Alice: What shall we cook? @assistant' });
    // A member catching up gets the reply in its final state once.
    const caughtUp = await catchUp(t, bob, roomId, question.message.seq);
    expect(caughtUp.map((m) => [m.kind, m.status ?? null])).toEqual([['assistant', 'complete']]);
  });

  it('reads earlier room messages with their senders’ names', async () => {
    fake.setScript({ reply: 'Saturday works.', tokenIntervalMs: 1 });
    await post(t, bob, roomId, 'I can do Saturday.');
    await post(t, carol, roomId, 'Sunday for me.');
    await post(t, alice, roomId, '@assistant which day suits everyone?');
    await clients[0]!.waitFor('room.message', ended);
    const messages = fake.chatRequests().at(-1)!.body!.messages as { role: string; content: string }[];
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'Bob: I can do Saturday.' },
      { role: 'user', content: 'Carol: Sunday for me.' },
      { role: 'user', content: 'Alice: @assistant which day suits everyone?' },
    ]);
  });

  it('can be stopped by the asker only; the model server sees the request closed', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    fake.setScript({ reply: words, tokenIntervalMs: 30 });
    await post(t, alice, roomId, '@assistant tell me a long story');
    const start = await clients[1]!.waitFor('room.message', isReply(alice.user.id));
    await clients[1]!.waitFor('room.delta', (e) => e.messageId === start.message.id);

    expect((await stop(bob, start.message.id)).statusCode).toBe(404);
    expect((await stop(carol, start.message.id)).statusCode).toBe(404);
    const res = await stop(alice, start.message.id);
    expect(res.statusCode).toBe(200);
    const stopped = res.json<{ message: RoomMessage }>().message;
    expect(stopped).toMatchObject({
      id: start.message.id,
      kind: 'assistant',
      status: 'stopped',
      askedBy: alice.user.id,
    });
    expect(stopped.text.length).toBeGreaterThan(0);
    expect(stopped.text.length).toBeLessThan(words.length);

    const request = fake.chatRequests().at(-1)!;
    await expect.poll(() => request.closedByClient, { timeout: 10_000 }).toBe(true);
    for (const c of clients) {
      const done = await c.waitFor('room.message', ended);
      expect(done.message.status).toBe('stopped');
    }
    // Stopping again answers the saved state; an unknown id is still 404.
    expect((await stop(alice, start.message.id)).json<{ message: RoomMessage }>().message.status).toBe('stopped');
    expect((await stop(alice, 'no-such-message')).statusCode).toBe(404);
  });

  it('refuses in plain words, in the room, for a member who may not use the task', async () => {
    await setAllowLists(t.app.ctx, carol.user.id, { taskIds: ['general'] });
    const before = fake.chatRequests().length;
    const question = await post(t, carol, roomId, 'Any jazz in our library? @music');
    expect(question.status).toBe(201);
    for (const c of clients) {
      const refusal = await c.waitFor('room.message', ended);
      expect(refusal.message).toMatchObject({ kind: 'assistant', status: 'error', askedBy: carol.user.id });
      expect(refusal.message.text).toMatch(/Carol cannot use .*Music/);
    }
    expect(fake.chatRequests().length).toBe(before);
  });

  it('stops streaming to a member removed from the room while it runs', async () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    fake.setScript({ reply: words, tokenIntervalMs: 20 });
    await post(t, alice, roomId, '@assistant a long one please');
    const start = await clients[2]!.waitFor('room.message', isReply(alice.user.id));
    await clients[2]!.waitFor('room.delta', (e) => e.messageId === start.message.id);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/rooms/${roomId}/members/${carol.user.id}`,
      headers: asUser(alice),
    });
    expect(removed.statusCode).toBe(204);
    await clients[2]!.waitFor('room.removed');
    // The sink reads the members again with each flush of the text: once a flush saved more
    // text than there was at the removal, nothing more reaches the removed member.
    const savedText = async () =>
      (await catchUp(t, alice, roomId, start.message.seq - 1)).find((m) => m.id === start.message.id)!.text.length;
    const atRemoval = await savedText();
    await expect.poll(savedText, { timeout: 10_000 }).toBeGreaterThan(atRemoval);
    const ofReply = (c: RoomClient) =>
      c.received.filter((e) => (e.type === 'room.delta' || e.type === 'room.message') && e.roomId === roomId).length;
    const seen = ofReply(clients[2]!);
    const bobSeen = clients[1]!.all('room.delta').length;
    await expect.poll(() => clients[1]!.all('room.delta').length, { timeout: 10_000 }).toBeGreaterThan(bobSeen);
    expect(ofReply(clients[2]!)).toBe(seen);
    expect((await stop(alice, start.message.id)).statusCode).toBe(200);
  });

  it('ignores messages that call nobody', async () => {
    const before = fake.chatRequests().length;
    await post(t, alice, roomId, 'Write to me at alice@assistant.example, or @bob');
    await post(t, alice, roomId, 'Use `@assistant` in a message to ask it');
    const last = await post(t, bob, roomId, 'ok');
    await clients[2]!.waitFor('room.message', (e) => e.message.id === last.message.id);
    expect(clients[2]!.all('room.message').some((e) => e.message.kind === 'assistant')).toBe(false);
    expect(fake.chatRequests().length).toBe(before);
  });
});

describe('mentionedTask', () => {
  const tasks = new Set(['general', 'music', 'homework-helper']);
  it('finds @assistant and @<task id>, not e-mail addresses or code', () => {
    expect(mentionedTask('@assistant hi', tasks)).toBe('general');
    expect(mentionedTask('hey @Music, jazz?', tasks)).toBe('music');
    expect(mentionedTask('ask @homework-helper.', tasks)).toBe('homework-helper');
    expect(mentionedTask('mail me@music.org', tasks)).toBeNull();
    expect(mentionedTask('type `@music` to ask', tasks)).toBeNull();
    expect(mentionedTask('@bob @carol', tasks)).toBeNull();
  });
});

describe('reserved usernames', () => {
  it('refuses `assistant` and task ids as usernames, with a clear 409', async () => {
    for (const username of ['assistant', 'music', 'General']) {
      await expect(createUser(t.app, { username })).rejects.toMatchObject({ statusCode: 409, field: 'username' });
    }
    const admin = await signedInUser(t.app, { role: 'admin' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: asUser(admin),
      payload: { username: 'music', password: 'a long enough password 1' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'conflict', field: 'username' } });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/reserved/);
  });
});

describe('the chat limit', () => {
  it('counts a post that calls the assistant, not the others', async () => {
    const limited = await startLiveApp(fake, { HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '1' });
    try {
      fake.setScript({ reply: 'Yes.', tokenIntervalMs: 1 });
      const dan = await signedInUser(limited.app, { username: 'dan' });
      const room = await makeRoom(limited, dan, []);
      expect((await post(limited, dan, room.id, '@assistant first question')).status).toBe(201);
      const second = await post(limited, dan, room.id, '@assistant second question');
      expect(second.status).toBe(429);
      expect(second.message).toMatchObject({ error: { code: 'rate_limited' } });
      // Talking to the family is not limited by it.
      expect((await post(limited, dan, room.id, 'just a note')).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
