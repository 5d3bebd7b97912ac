import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomMessage } from '#common/messaging';
import { eventually, startPeopleWorld, type ChatClient, type PeopleWorld } from './test-support';

let w: PeopleWorld;
beforeEach(async () => {
  w = await startPeopleWorld();
});
afterEach(async () => w.close());

/** Waits until `client` has a room.message for `id` with at least `updatedSeq`. */
const messageEvent = (client: ChatClient, id: string, updatedSeq = 0) =>
  client.waitFor('room.message', (e) => e.message.id === id && e.message.updatedSeq >= updatedSeq);

describe('live delivery (three members, two rooms)', () => {
  it('delivers every message to the members’ sockets, in seq order, and to no one else', async () => {
    const family = await w.room(w.anna, [w.ben, w.cleo], 'Family');
    const pair = await w.room(w.anna, [w.ben], 'Anna and Ben');
    const [anna, ben, cleo] = await Promise.all([w.connect(w.anna), w.connect(w.ben), w.connect(w.cleo)]);
    const annaTab2 = await w.connect(w.anna);
    const sent: RoomMessage[] = [];
    for (let i = 0; i < 10; i++) sent.push(await w.post([w.anna, w.ben, w.cleo][i % 3]!, family.id, `family ${i}`));
    const secret = await w.post(w.ben, pair.id, 'just us');
    for (const c of [anna, ben, cleo, annaTab2]) await messageEvent(c, sent[9]!.id);
    await messageEvent(anna, secret.id);
    await messageEvent(ben, secret.id);
    for (const c of [anna, ben, cleo, annaTab2]) {
      const seqs = c
        .all('room.message')
        .filter((e) => e.roomId === family.id)
        .map((e) => e.message.seq);
      expect(seqs).toEqual(sent.map((m) => m.seq));
    }
    // Cleo is not in the pair's room: nothing of it ever reaches her.
    await new Promise((r) => setTimeout(r, 200));
    expect(cleo.all('room.message').some((e) => e.roomId === pair.id)).toBe(false);
    expect(JSON.stringify(cleo.received)).not.toContain('just us');
  });

  it('propagates edits, deletions and reactions live, each with a higher updatedSeq', async () => {
    const room = await w.room(w.anna, [w.ben, w.cleo]);
    const [ben, cleo] = await Promise.all([w.connect(w.ben), w.connect(w.cleo)]);
    const m = await w.post(w.anna, room.id, 'Dinner at 7');
    await messageEvent(ben, m.id);
    const edited = await w.call(w.anna, 'PATCH', `/api/rooms/${room.id}/messages/${m.id}`, { text: 'Dinner at 8' });
    const e1 = await messageEvent(cleo, m.id, edited.json.updatedSeq);
    expect(e1.message).toMatchObject({ text: 'Dinner at 8', editedAt: expect.any(String) });
    await w.call(w.cleo, 'PUT', `/api/rooms/${room.id}/messages/${m.id}/reactions/${encodeURIComponent('❤️')}`);
    const e2 = await messageEvent(ben, m.id, e1.message.updatedSeq + 1);
    expect(e2.message.reactions).toEqual([{ emoji: '❤️', userIds: [w.cleo.user.id] }]);
    await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}/messages/${m.id}`);
    const e3 = await messageEvent(cleo, m.id, e2.message.updatedSeq + 1);
    expect(e3.message).toMatchObject({ text: '', deletedAt: expect.any(String), reactions: [] });
  });

  it('tells a member’s tabs their new counts when they read', async () => {
    const room = await w.room(w.anna, [w.ben]);
    const ben = await w.connect(w.ben);
    const m = await w.post(w.anna, room.id, 'hi @ben');
    await messageEvent(ben, m.id);
    await w.call(w.ben, 'POST', `/api/rooms/${room.id}/read`, { lastReadId: m.id });
    expect(await ben.waitFor('room.read')).toEqual({ type: 'room.read', roomId: room.id, unread: 0, mentions: 0 });
  });

  it('passes typing on to the other members (throttled), never to outsiders or for rooms one is not in', async () => {
    const room = await w.room(w.anna, [w.ben]);
    const other = await w.room(w.cleo, [w.ben], 'Not Anna’s');
    const [anna, ben, cleo] = await Promise.all([w.connect(w.anna), w.connect(w.ben), w.connect(w.cleo)]);
    for (let i = 0; i < 5; i++) anna.send({ type: 'typing', roomId: room.id });
    anna.send({ type: 'typing', roomId: other.id }); // not her room: goes nowhere
    expect(await ben.waitFor('typing')).toEqual({ type: 'typing', roomId: room.id, userId: w.anna.user.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(ben.all('typing')).toHaveLength(1);
    expect(anna.all('typing')).toHaveLength(0);
    expect(cleo.all('typing')).toHaveLength(0);
  });

  it('stops a removed member’s sockets at once', async () => {
    const room = await w.room(w.anna, [w.ben, w.cleo]);
    const [ben, cleo] = await Promise.all([w.connect(w.ben), w.connect(w.cleo)]);
    const before = await w.post(w.anna, room.id, 'before');
    await messageEvent(cleo, before.id);
    expect((await w.call(w.anna, 'DELETE', `/api/rooms/${room.id}/members/${w.cleo.user.id}`)).status).toBe(204);
    await cleo.waitFor('room.removed', (e) => e.roomId === room.id);
    const after = await w.post(w.anna, room.id, 'after cleo left');
    ben.send({ type: 'typing', roomId: room.id });
    await messageEvent(ben, after.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(cleo.all('room.message').map((e) => e.message.id)).toEqual([before.id]);
    expect(cleo.all('typing')).toHaveLength(0);
    expect(JSON.stringify(cleo.received)).not.toContain('after cleo left');
  });

  it('ignores malformed frames and keeps the socket', async () => {
    const room = await w.room(w.anna, [w.ben]);
    const [anna, ben] = await Promise.all([w.connect(w.anna), w.connect(w.ben)]);
    for (const frame of [
      'not json',
      '{"type":"typing"}',
      '{"type":"typing","roomId":42}',
      `{"type":"typing","roomId":"${'x'.repeat(500)}"}`,
      '{"type":"active","extra":{"deep":[1,2,3]}}',
      '[]',
      'null',
      '{"type":"room.message"}',
    ])
      anna.send(frame);
    anna.ws.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    anna.send({ type: 'ping' });
    await anna.waitFor('pong');
    const m = await w.post(w.ben, room.id, 'still here?');
    await messageEvent(anna, m.id);
    expect(anna.ws.readyState).toBe(anna.ws.OPEN);
    expect(ben.ws.readyState).toBe(ben.ws.OPEN);
  });

  it('catches up after a reconnect with since: every change exactly once, in order', async () => {
    const room = await w.room(w.anna, [w.ben]);
    let ben = await w.connect(w.ben);
    const first = await w.post(w.anna, room.id, 'one');
    await messageEvent(ben, first.id);
    const seen = first.updatedSeq;
    ben.ws.terminate();
    const missed: RoomMessage[] = [];
    for (let i = 0; i < 20; i++) missed.push(await w.post(i % 2 ? w.ben : w.anna, room.id, `missed ${i}`));
    await w.call(w.anna, 'PATCH', `/api/rooms/${room.id}/messages/${first.id}`, { text: 'one (edited)' });
    ben = await w.connect(w.ben);
    const rooms = (await w.call(w.ben, 'GET', '/api/rooms')).json.items as Array<{ id: string; lastSeq: number }>;
    const lastSeq = rooms.find((r) => r.id === room.id)!.lastSeq;
    expect(lastSeq).toBeGreaterThan(seen);
    const got: RoomMessage[] = [];
    let since: string | null = String(seen);
    while (since !== null) {
      const page = (await w.call(w.ben, 'GET', `/api/rooms/${room.id}/messages?since=${since}&limit=7`)).json as {
        items: RoomMessage[];
        nextCursor: string | null;
      };
      got.push(...page.items);
      since = page.nextCursor;
    }
    expect(got.map((m) => m.id)).toEqual([...missed.map((m) => m.id), first.id]);
    expect(got.at(-1)!.text).toBe('one (edited)');
    expect(got.at(-1)!.updatedSeq).toBe(lastSeq);
    await eventually(() => ben.ws.readyState === ben.ws.OPEN);
  });
});

describe('presence over the socket', () => {
  it('shows a connected member online to others, and offline once all their tabs close', async () => {
    const anna = await w.connect(w.anna);
    const ben1 = await w.connect(w.ben);
    const ben2 = await w.connect(w.ben);
    await anna.waitFor('presence', (e) => e.userId === w.ben.user.id && e.presence === 'online');
    const people = async () =>
      (await w.call(w.anna, 'GET', '/api/people')).json.items as Array<{
        id: string;
        presence: string;
        lastSeenAt?: string;
      }>;
    expect((await people()).find((p) => p.id === w.ben.user.id)!.presence).toBe('online');
    ben1.close();
    await new Promise((r) => setTimeout(r, 200));
    expect((await people()).find((p) => p.id === w.ben.user.id)!.presence).toBe('online'); // one person, two tabs
    ben2.close();
    await anna.waitFor('presence', (e) => e.userId === w.ben.user.id && e.presence === 'offline');
    await eventually(async () => (await people()).find((p) => p.id === w.ben.user.id)!.lastSeenAt !== undefined);
    expect((await people()).find((p) => p.id === w.ben.user.id)!.presence).toBe('offline');
    expect(
      anna
        .all('presence')
        .filter((e) => e.userId === w.ben.user.id)
        .map((e) => e.presence),
    ).toEqual(['online', 'offline']);
  });
});
