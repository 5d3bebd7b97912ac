/**
 * People chat's live side, created once per app (services.ts): the loaded rooms' messages, the
 * outbox, who is typing, and the WebSocket handlers that keep them and the room list current.
 * Delivery never depends on the socket alone: after a reconnect every loaded room whose
 * `lastSeq` moved is caught up with `?since=`, and queued sends go out again.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { SessionReply } from '#common/auth';
import { keys } from '#web/lib/keys';
import type { RealtimeDispatcher, RealtimeRegistration } from '#web/lib/realtime/dispatcher';
import { messagingApi } from './api';
import { messagingKeys } from './keys';
import { notifyMessage } from './notify';
import { createOutbox } from './outbox';
import { roomPath } from './paths';
import { createRoomStore } from './roomStore';
import { createTyping, TYPING_SEND_EVERY_MS } from './typing';
import type { PeopleEvent, Person, Room, RoomMessage } from './types';

/** Most recent activity first, as `GET /api/rooms` orders them. */
export const byActivity = (a: Room, b: Room) => b.updatedAt.localeCompare(a.updatedAt);

/** How often an `active` frame may go up while the member types or moves. */
const ACTIVE_EVERY_MS = 30_000;

type Deps = {
  queryClient: QueryClient;
  navigate: (path: string) => void;
  dispatcher: RealtimeDispatcher;
  /** The API (tests pass a fake). */
  peopleApi?: typeof messagingApi;
};

/** Creates people chat's services of one app. */
export function createMessaging({ queryClient, navigate, dispatcher, peopleApi: api = messagingApi }: Deps) {
  const store = createRoomStore(api);
  const typing = createTyping();
  const outbox = createOutbox((message) => {
    store.apply(message.roomId, message);
    touchRoom(message);
  }, api);
  /** The room on screen in this tab (its messages are read as they scroll into view). */
  let openRoomId: string | null = null;

  const me = () => queryClient.getQueryData<SessionReply | null>(keys.me)?.user.id ?? '';
  const rooms = () => queryClient.getQueryData<Room[]>(messagingKeys.rooms);
  const setRooms = (fn: (list: Room[]) => Room[]) => {
    const list = rooms();
    if (list) queryClient.setQueryData<Room[]>(messagingKeys.rooms, fn(list).sort(byActivity));
  };
  const patchRoom = (roomId: string, fn: (room: Room) => Room) =>
    setRooms((list) => list.map((r) => (r.id === roomId ? fn(r) : r)));

  /** A message arrived or changed: the room's last activity, preview and counts follow. */
  function touchRoom(message: RoomMessage, isNew = false) {
    const list = rooms();
    if (list && !list.some((r) => r.id === message.roomId)) {
      // A room this tab has not heard of (just added to it): the list learns it from the server.
      void queryClient.invalidateQueries({ queryKey: messagingKeys.rooms });
      return;
    }
    patchRoom(message.roomId, (room) => {
      const mine = message.sender?.id === me();
      const counts =
        isNew && !mine && message.kind === 'person'
          ? { unread: room.unread + 1, mentions: room.mentions + (message.mentions.includes(me()) ? 1 : 0) }
          : {};
      const newest = !room.lastMessage || message.seq >= room.lastMessage.seq;
      return {
        ...room,
        ...counts,
        lastSeq: Math.max(room.lastSeq, message.updatedSeq),
        lastMessage: newest ? message : room.lastMessage,
        updatedAt: isNew && message.createdAt > room.updatedAt ? message.createdAt : room.updatedAt,
      };
    });
  }

  function handle(event: PeopleEvent) {
    switch (event.type) {
      case 'room.message': {
        const { message } = event;
        const before = store.get(event.roomId).messages.find((m) => m.id === message.id);
        const knownSeq = rooms()?.find((r) => r.id === event.roomId)?.lastSeq ?? 0;
        const isNew = !before && message.seq === message.updatedSeq && message.seq > knownSeq;
        store.apply(event.roomId, message);
        if (message.clientId) outbox.settled(message.clientId);
        if (message.sender) typing.stopped(event.roomId, message.sender.id);
        touchRoom(message, isNew);
        const room = rooms()?.find((r) => r.id === event.roomId);
        if (isNew && room) notifyMessage(room, message, me(), (id) => navigate(roomPath(id)));
        return;
      }
      case 'room.updated':
        if (!rooms()?.some((r) => r.id === event.room.id)) {
          setRooms((list) => [...list, event.room]);
        } else patchRoom(event.room.id, () => event.room);
        return;
      case 'room.removed':
        setRooms((list) => list.filter((r) => r.id !== event.roomId));
        store.drop(event.roomId);
        if (openRoomId === event.roomId) navigate('/people?gone=1');
        return;
      case 'room.read':
        patchRoom(event.roomId, (room) => ({ ...room, unread: event.unread, mentions: event.mentions }));
        return;
      case 'room.delta':
        store.delta(event.roomId, event.messageId, event.offset, event.text);
        return;
      case 'presence':
        queryClient.setQueryData<Person[]>(messagingKeys.people, (list) =>
          list?.map((p) =>
            p.id === event.userId
              ? {
                  ...p,
                  presence: event.presence,
                  lastSeenAt: event.presence === 'offline' ? new Date().toISOString() : p.lastSeenAt,
                }
              : p,
          ),
        );
        return;
      case 'typing':
        if (event.userId !== me()) typing.saw(event.roomId, event.userId);
        return;
    }
  }

  /** After a reconnect: fresh room list, catch up loaded rooms whose lastSeq moved, send the queue. */
  async function reconnected() {
    void queryClient.invalidateQueries({ queryKey: messagingKeys.people });
    outbox.retry();
    let list: Room[];
    try {
      list = (await api.rooms()).items;
    } catch {
      return; // the next reconnect tries again
    }
    const loadedIds = new Set(list.map((r) => r.id));
    queryClient.setQueryData<Room[]>(messagingKeys.rooms, list.slice().sort(byActivity));
    for (const { id, seq } of store.loaded()) {
      if (!loadedIds.has(id)) store.drop(id);
      else if (list.find((r) => r.id === id)!.lastSeq > seq) void store.catchUp(id).catch(() => undefined);
    }
  }

  let lastTyping = 0;
  let lastTypingRoom = '';
  let lastActive = 0;
  /** The member typed in a room: tell the others (throttled) and count as active. */
  function typed(roomId: string) {
    active();
    const now = Date.now();
    if (roomId === lastTypingRoom && now - lastTyping < TYPING_SEND_EVERY_MS) return;
    lastTyping = now;
    lastTypingRoom = roomId;
    dispatcher.send({ type: 'typing', roomId });
  }
  /** Input seen (keys, pointer, focus): keeps presence "online" (throttled; never while hidden). */
  function active() {
    if (document.visibilityState !== 'visible') return;
    const now = Date.now();
    if (now - lastActive < ACTIVE_EVERY_MS) return;
    if (dispatcher.send({ type: 'active' })) lastActive = now;
  }

  if (typeof window !== 'undefined') window.addEventListener('online', () => outbox.retry());

  const registration: RealtimeRegistration = {
    'room.message': handle,
    'room.updated': handle,
    'room.removed': handle,
    'room.read': handle,
    'room.delta': handle,
    presence: handle,
    typing: handle,
    reconnected: () => void reconnected(),
  };

  return {
    store,
    outbox,
    typing,
    registration,
    handle,
    typed,
    active,
    me,
    /** The room on screen (null when none). */
    setOpenRoom(id: string | null) {
      openRoomId = id;
    },
    /** Sends a message (queued and shown as pending at once). */
    send(roomId: string, body: { text: string; replyToId?: string; attachmentIds?: string[]; clientId: string }) {
      outbox.add(roomId, body);
    },
  };
}

export type Messaging = ReturnType<typeof createMessaging>;
