import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { keys } from '#web/lib/keys';
import { createDispatcher } from '#web/lib/realtime/dispatcher';
import type { messagingApi } from './api';
import { messagingKeys } from './keys';
import { createMessaging } from './messaging';
import type { Room, RoomMessage } from './types';

const alice = { id: 'alice', username: 'alice', displayName: 'Alice' };
const me = { id: 'me', username: 'me', displayName: 'Me' };

const msg = (id: string, seq: number, over: Partial<RoomMessage> = {}): RoomMessage => ({
  id,
  roomId: 'r1',
  seq,
  updatedSeq: seq,
  kind: 'person',
  sender: alice,
  text: id,
  mentions: [],
  reactions: [],
  attachments: [],
  createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
  ...over,
});
const room = (id: string, over: Partial<Room> = {}): Room => ({
  id,
  kind: 'room',
  name: id,
  description: '',
  members: [],
  unread: 0,
  mentions: 0,
  muted: false,
  lastSeq: 2,
  lastReadSeq: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

function setup(server: { rooms: Room[]; since: RoomMessage[] }) {
  const queryClient = new QueryClient();
  queryClient.setQueryData(keys.me, { user: { id: 'me' }, csrfToken: 'x' });
  queryClient.setQueryData<Room[]>(messagingKeys.rooms, [room('r1'), room('r2')]);
  const sinceAsked: number[] = [];
  const api = {
    rooms: () => Promise.resolve({ items: server.rooms }),
    messages: (_id: string, q: { since?: number }) => {
      if (q.since !== undefined) {
        sinceAsked.push(q.since);
        return Promise.resolve({ items: server.since, nextCursor: null });
      }
      return Promise.resolve({ items: [msg('m2', 2), msg('m1', 1)], nextCursor: null });
    },
  } as unknown as typeof messagingApi;
  const dispatcher = createDispatcher();
  const paths: string[] = [];
  const m = createMessaging({ queryClient, navigate: (p) => paths.push(p), dispatcher, peopleApi: api });
  dispatcher.register(m.registration);
  const rooms = () => queryClient.getQueryData<Room[]>(messagingKeys.rooms)!;
  return { m, dispatcher, rooms, sinceAsked, paths };
}

describe('people chat live handlers', () => {
  it('counts a new message by someone else, mentions apart, and moves the room to the top', () => {
    const { dispatcher, rooms } = setup({ rooms: [], since: [] });
    dispatcher.dispatch({ type: 'room.message', roomId: 'r2', message: { ...msg('x', 3), roomId: 'r2' } });
    dispatcher.dispatch({
      type: 'room.message',
      roomId: 'r2',
      message: { ...msg('y', 4), roomId: 'r2', mentions: ['me'] },
    });
    // The same event again (two tabs, a retry) and an own message change nothing more.
    dispatcher.dispatch({ type: 'room.message', roomId: 'r2', message: { ...msg('y', 4), roomId: 'r2' } });
    dispatcher.dispatch({ type: 'room.message', roomId: 'r2', message: { ...msg('z', 5), roomId: 'r2', sender: me } });
    const r2 = rooms()[0]!;
    expect(r2.id).toBe('r2');
    expect([r2.unread, r2.mentions, r2.lastSeq]).toEqual([2, 1, 5]);
    dispatcher.dispatch({ type: 'room.read', roomId: 'r2', unread: 0, mentions: 0 });
    expect([rooms()[0]!.unread, rooms()[0]!.mentions]).toEqual([0, 0]);
  });

  it('applies room.message by updatedSeq, deltas by offset, and leaves a removed room', async () => {
    const { m, dispatcher, rooms, paths } = setup({ rooms: [], since: [] });
    await m.store.open('r1');
    m.setOpenRoom('r1');
    dispatcher.dispatch({
      type: 'room.message',
      roomId: 'r1',
      message: msg('m1', 1, { updatedSeq: 6, text: 'edited' }),
    });
    dispatcher.dispatch({ type: 'room.message', roomId: 'r1', message: msg('m1', 1, { updatedSeq: 4, text: 'old' }) });
    expect(m.store.get('r1').messages[0]!.text).toBe('edited');
    const reply = msg('a', 7, { kind: 'assistant', sender: null, status: 'streaming', text: '' });
    dispatcher.dispatch({ type: 'room.message', roomId: 'r1', message: reply });
    dispatcher.dispatch({ type: 'room.delta', roomId: 'r1', messageId: 'a', offset: 0, text: 'Hi ' });
    dispatcher.dispatch({ type: 'room.delta', roomId: 'r1', messageId: 'a', offset: 3, text: 'there' });
    expect(m.store.get('r1').messages.at(-1)!.text).toBe('Hi there');
    dispatcher.dispatch({ type: 'room.removed', roomId: 'r1' });
    expect(rooms().map((r) => r.id)).toEqual(['r2']);
    expect(paths).toEqual(['/people?gone=1']);
  });

  it('shows who is typing, but never oneself', () => {
    const { m, dispatcher } = setup({ rooms: [], since: [] });
    dispatcher.dispatch({ type: 'typing', roomId: 'r1', userId: 'alice' });
    dispatcher.dispatch({ type: 'typing', roomId: 'r1', userId: 'me' });
    expect(m.typing.inRoom('r1')).toEqual(['alice']);
    dispatcher.dispatch({ type: 'room.message', roomId: 'r1', message: msg('t', 3) });
    expect(m.typing.inRoom('r1')).toEqual([]);
  });

  it('after a reconnect, catches up each loaded room whose lastSeq moved, since what it holds', async () => {
    const server = { rooms: [room('r1', { lastSeq: 9 }), room('r2', { lastSeq: 2 })], since: [msg('m9', 9)] };
    const { m, dispatcher, sinceAsked } = setup(server);
    await m.store.open('r1');
    await m.store.open('r2');
    dispatcher.reconnected();
    await expect.poll(() => m.store.get('r1').messages.map((x) => x.id)).toEqual(['m1', 'm2', 'm9']);
    expect(sinceAsked).toEqual([2]); // r1 only: r2's lastSeq did not move
  });
});
