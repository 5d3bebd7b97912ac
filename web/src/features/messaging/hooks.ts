/** React access to people chat: the services by context, and the queries of rooms and people. */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { messagingApi } from './api';
import { messagingKeys } from './keys';
import { byActivity, type Messaging } from './messaging';
import type { Pending } from './outbox';
import type { RoomState } from './roomStore';

export const MessagingContext = createContext<Messaging | null>(null);

/** People chat's services; throws outside the provider. */
export function useMessaging(): Messaging {
  const m = useContext(MessagingContext);
  if (!m) throw new Error('useMessaging outside MessagingContext');
  return m;
}

/** The caller's rooms, most recent activity first (kept current by the WebSocket handlers). */
export const useRooms = () =>
  useQuery({
    queryKey: messagingKeys.rooms,
    queryFn: async ({ signal }) => (await messagingApi.rooms(signal)).items.sort(byActivity),
    staleTime: Infinity,
  });

/** Everyone the caller may message, with presence. */
export const usePeople = () =>
  useQuery({
    queryKey: messagingKeys.people,
    queryFn: async ({ signal }) => (await messagingApi.people(signal)).items,
    staleTime: 60_000,
    refetchInterval: 60_000,
  });

/** What is loaded of a room's messages. */
export function useRoomState(roomId: string): RoomState {
  const { store } = useMessaging();
  const subscribe = useCallback((fn: () => void) => store.subscribe(roomId, fn), [store, roomId]);
  return useSyncExternalStore(subscribe, () => store.get(roomId));
}

/** The room's messages still on their way. */
export function usePending(roomId: string): Pending[] {
  const { outbox } = useMessaging();
  const all = useSyncExternalStore(
    (fn) => outbox.subscribe(fn),
    () => outbox.items(),
  );
  return all.filter((p) => p.roomId === roomId);
}

/** User ids typing in a room now. */
export function useTypingIn(roomId: string): string[] {
  const { typing } = useMessaging();
  return useSyncExternalStore(
    (fn) => typing.subscribe(fn),
    () => typing.inRoom(roomId),
  );
}
