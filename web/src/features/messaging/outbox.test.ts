import { describe, expect, it } from 'vitest';
import { ApiError } from '#common/api-client';
import { createOutbox } from './outbox';
import { createRoomStore } from './roomStore';
import type { messagingApi, SendBody } from './api';
import type { RoomMessage } from './types';

type Api = typeof messagingApi;

const message = (roomId: string, body: SendBody, seq: number): RoomMessage => ({
  id: `m-${body.clientId}`,
  roomId,
  seq,
  updatedSeq: seq,
  kind: 'person',
  sender: { id: 'me', username: 'me', displayName: 'Me' },
  text: body.text,
  mentions: [],
  reactions: [],
  attachments: [],
  clientId: body.clientId,
  createdAt: new Date().toISOString(),
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('the outbox', () => {
  it('keeps a message typed offline and sends it on retry with the same clientId (no duplicate)', async () => {
    let online = false;
    const seen: string[] = [];
    const stored = new Map<string, RoomMessage>();
    const api = {
      send: (roomId: string, body: SendBody) => {
        seen.push(body.clientId);
        if (!online) return Promise.reject(new ApiError('network_error', 'offline', 0));
        // The server's idempotency: the same clientId gives back the same message.
        const m = stored.get(body.clientId) ?? message(roomId, body, stored.size + 1);
        stored.set(body.clientId, m);
        return Promise.resolve(m);
      },
    } as unknown as Api;
    const sent: RoomMessage[] = [];
    const outbox = createOutbox((m) => sent.push(m), api);
    outbox.add('r', { text: 'one', clientId: 'c1' });
    await until(() => outbox.items()[0]?.state === 'waiting');
    outbox.add('r', { text: 'two', clientId: 'c2' });
    await until(() => outbox.items().every((p) => p.state === 'waiting'));
    expect(sent).toEqual([]);
    online = true;
    outbox.retry();
    await until(() => outbox.items().length === 0);
    expect(sent.map((m) => m.text)).toEqual(['one', 'two']);
    expect(seen.filter((c) => c === 'c1').length).toBeGreaterThanOrEqual(2);
    expect(stored.size).toBe(2);
  });

  it('marks a refused message failed with the server’s words, and goes on with the next', async () => {
    const api = {
      send: (roomId: string, body: SendBody) =>
        body.text === 'bad'
          ? Promise.reject(new ApiError('validation_failed', 'The message is too long.', 400))
          : Promise.resolve(message(roomId, body, 1)),
    } as unknown as Api;
    const sent: RoomMessage[] = [];
    const outbox = createOutbox((m) => sent.push(m), api);
    outbox.add('r', { text: 'bad', clientId: 'b' });
    outbox.add('r', { text: 'good', clientId: 'g' });
    await until(() => sent.length === 1);
    expect(outbox.items()).toMatchObject([{ state: 'failed', error: 'The message is too long.' }]);
  });
});

describe('the room store', () => {
  it('loads the newest page, merges events, and catches up with since= after a gap', async () => {
    const calls: object[] = [];
    const base = (seq: number, text = `m${seq}`): RoomMessage => ({
      ...message('r', { text, clientId: `c${seq}` }, seq),
      id: `m${seq}`,
    });
    const api = {
      messages: (_id: string, query: { since?: number; before?: string }) => {
        calls.push(query);
        if (query.since !== undefined) {
          return Promise.resolve({ items: [{ ...base(2, 'edited'), updatedSeq: 5 }, base(4)], nextCursor: null });
        }
        return Promise.resolve({ items: [base(2), base(1)], nextCursor: null });
      },
    } as unknown as Api;
    const store = createRoomStore(api);
    await store.open('r');
    expect(store.get('r').messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    store.apply('r', base(3));
    expect(store.get('r').seq).toBe(3);
    await store.catchUp('r');
    expect(calls.at(-1)).toMatchObject({ since: 3 });
    expect(store.get('r').messages.map((m) => `${m.id}:${m.text}`)).toEqual(['m1:m1', 'm2:edited', 'm3:m3', 'm4:m4']);
    expect(store.get('r').seq).toBe(5);
  });

  it('appends streamed text at its offset and refetches on a gap', async () => {
    let sinceCalls = 0;
    const reply: RoomMessage = {
      ...message('r', { text: '', clientId: 'x' }, 1),
      id: 'a1',
      kind: 'assistant',
      sender: null,
      status: 'streaming',
      text: 'Hel',
    };
    const api = {
      messages: (_id: string, query: { since?: number }) => {
        if (query.since !== undefined) {
          sinceCalls++;
          return Promise.resolve({ items: [{ ...reply, text: 'Hello, wor' }], nextCursor: null });
        }
        return Promise.resolve({ items: [reply], nextCursor: null });
      },
    } as unknown as Api;
    const store = createRoomStore(api);
    await store.open('r');
    store.delta('r', 'a1', 3, 'lo');
    expect(store.get('r').messages[0]!.text).toBe('Hello');
    store.delta('r', 'a1', 9, 'ld'); // 'Hello' has 5 characters: something was missed
    await until(() => sinceCalls === 1 && store.get('r').messages[0]!.text === 'Hello, wor');
    store.delta('r', 'a1', 10, 'ld');
    expect(store.get('r').messages[0]!.text).toBe('Hello, world');
  });
});
