/**
 * The messages of the rooms opened in this tab, held outside React (one store per app, made in
 * `createMessaging`) and read with `useSyncExternalStore`. Pages come from the API; live events
 * and catch-ups (`?since=`) are merged by `updatedSeq` (merge.ts), so order and state are the
 * server's whatever order things arrive in.
 */
import { errorText, isNotFound } from '#web/lib/errors';
import { messagingApi } from './api';
import { highestSeq, mergeMessages, placeDelta } from './merge';
import type { RoomMessage } from './types';

/** What is loaded of one room. */
export type RoomState = {
  messages: RoomMessage[];
  /** Older history exists on the server. */
  hasMore: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** The open failed because the room is not there (deleted, or the member is not in it). */
  missing?: boolean;
  older: 'idle' | 'loading' | 'error';
  /** Highest `updatedSeq` the loaded pages and events cover: a catch-up asks `since` this. */
  seq: number;
};

const PAGE = 50;
const EMPTY: RoomState = { messages: [], hasMore: false, status: 'loading', error: null, older: 'idle', seq: 0 };

/** Creates the store of one app. */
export function createRoomStore(api = messagingApi) {
  const rooms = new Map<string, RoomState>();
  const listeners = new Map<string, Set<() => void>>();
  const loading = new Map<string, Promise<void>>();

  const emit = (roomId: string) => listeners.get(roomId)?.forEach((fn) => fn());
  const set = (roomId: string, patch: Partial<RoomState>) => {
    rooms.set(roomId, { ...(rooms.get(roomId) ?? EMPTY), ...patch });
    emit(roomId);
  };

  const merge = (roomId: string, incoming: RoomMessage[]) => {
    const state = rooms.get(roomId);
    if (!state || state.status !== 'ready') return;
    const messages = mergeMessages(state.messages, incoming);
    const seq = highestSeq(incoming, state.seq);
    if (messages === state.messages && seq === state.seq) return;
    set(roomId, { messages, seq });
  };

  /** Every change after `since`, page by page. */
  async function catchUp(roomId: string): Promise<void> {
    const state = rooms.get(roomId);
    if (!state || state.status !== 'ready') return;
    let since = state.seq;
    for (let guard = 0; guard < 100; guard++) {
      const page = await api.messages(roomId, { since, limit: 200 });
      merge(roomId, page.items);
      const next = highestSeq(page.items, since);
      if (!page.nextCursor || next === since) return;
      since = next;
    }
  }

  async function loadLatest(roomId: string): Promise<void> {
    set(roomId, { status: 'loading', error: null, missing: false });
    try {
      const page = await api.messages(roomId, { limit: PAGE });
      const messages = mergeMessages([], page.items);
      set(roomId, { messages, hasMore: !!page.nextCursor, status: 'ready', seq: highestSeq(messages), older: 'idle' });
    } catch (err) {
      set(roomId, { status: 'error', error: errorText(err), missing: isNotFound(err) });
    }
  }

  return {
    /** The room's state (a placeholder while nothing is loaded). */
    get: (roomId: string): RoomState => rooms.get(roomId) ?? EMPTY,
    subscribe(roomId: string, fn: () => void) {
      let set = listeners.get(roomId);
      if (!set) listeners.set(roomId, (set = new Set()));
      set.add(fn);
      return () => void set.delete(fn);
    },
    /** Loads the newest page once (again after an error). */
    open(roomId: string): Promise<void> {
      const state = rooms.get(roomId);
      if (state && state.status !== 'error') return loading.get(roomId) ?? Promise.resolve();
      const p = loadLatest(roomId).finally(() => loading.delete(roomId));
      loading.set(roomId, p);
      return p;
    },
    /** The page before the oldest loaded message. */
    async loadOlder(roomId: string): Promise<void> {
      const state = rooms.get(roomId);
      if (!state || state.status !== 'ready' || !state.hasMore || state.older === 'loading') return;
      const oldest = state.messages[0];
      if (!oldest) return;
      set(roomId, { older: 'loading' });
      try {
        const page = await api.messages(roomId, { before: oldest.id, limit: PAGE });
        const now = rooms.get(roomId)!;
        set(roomId, {
          messages: mergeMessages(now.messages, page.items),
          hasMore: !!page.nextCursor,
          older: 'idle',
        });
      } catch (err) {
        set(roomId, { older: 'error', error: errorText(err) });
      }
    },
    /** Loads older pages until `messageId` is loaded; false when the room has no such message. */
    async seek(roomId: string, messageId: string): Promise<boolean> {
      await this.open(roomId);
      for (let guard = 0; guard < 200; guard++) {
        const state = rooms.get(roomId);
        if (!state || state.status !== 'ready') return false;
        if (state.messages.some((m) => m.id === messageId)) return true;
        if (!state.hasMore) return false;
        await this.loadOlder(roomId);
        if (rooms.get(roomId)?.older === 'error') return false;
      }
      return false;
    },
    /** A message from an event or a send's reply (ignored when older than what is held). */
    apply: (roomId: string, message: RoomMessage) => merge(roomId, [message]),
    /** Streamed assistant text; returns false on a gap (the message is then refetched). */
    delta(roomId: string, messageId: string, offset: number, text: string): void {
      const state = rooms.get(roomId);
      if (!state || state.status !== 'ready') return;
      const at = state.messages.findIndex((m) => m.id === messageId);
      const held = state.messages[at];
      const placed = held ? placeDelta(held.text, offset, text) : 'gap';
      if (placed === 'stale') return;
      if (placed === 'gap') {
        void catchUp(roomId).catch(() => undefined);
        return;
      }
      const messages = state.messages.slice();
      messages[at] = { ...held!, text: placed.text };
      set(roomId, { messages });
    },
    /** Catches up every loaded room whose `lastSeq` (from the room list) is past what it holds. */
    catchUp,
    /** Rooms loaded here, with the seq they cover. */
    loaded: () => [...rooms.entries()].filter(([, s]) => s.status === 'ready').map(([id, s]) => ({ id, seq: s.seq })),
    /** Forgets a room (deleted, or the member left). */
    drop(roomId: string) {
      rooms.delete(roomId);
      emit(roomId);
    },
  };
}

export type RoomStore = ReturnType<typeof createRoomStore>;
