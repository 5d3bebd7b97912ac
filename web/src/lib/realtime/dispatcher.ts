/**
 * The one place WebSocket events go: a typed map from event type to the handlers features
 * registered (chat its generation events, conversations theirs; next people chat and family
 * safety). Each event reaches every handler of its type; a feature sees only its own types.
 */
import type { ClientMessage, ServerEvent } from '#common/events';

/** Event types a feature can handle (`hello` and `pong` stay inside the client). */
export type RealtimeEventType = Exclude<ServerEvent['type'], 'hello' | 'pong'>;
export type RealtimeEvent<K extends RealtimeEventType = RealtimeEventType> = Extract<ServerEvent, { type: K }>;
export type RealtimeHandler<K extends RealtimeEventType> = (event: RealtimeEvent<K>) => void;

/** What a feature registers: handlers by event type, and what to do after a reconnect. */
export type RealtimeRegistration = {
  [K in RealtimeEventType]?: RealtimeHandler<K>;
} & {
  /** The socket came back: events may have been missed, so refetch what they would have changed. */
  reconnected?: () => void;
};

export type RealtimeDispatcher = {
  /** Adds a feature's handlers; returns a function that removes them. */
  register(registration: RealtimeRegistration): () => void;
  /** Hands one event to every handler of its type. */
  dispatch(event: ServerEvent): void;
  /** Tells every feature that the socket reconnected. */
  reconnected(): void;
  /** Sends a message up the socket (typing, active); false while it is not open. */
  send(message: ClientMessage): boolean;
  /** The socket's sender (connect.ts sets it; null when the socket is closed for good). */
  attach(send: ((message: ClientMessage) => boolean) | null): void;
};

type AnyHandler = (event: ServerEvent) => void;

/** Creates an empty dispatcher (one per app; tests make their own). */
export function createDispatcher(): RealtimeDispatcher {
  const handlers = new Map<ServerEvent['type'], Set<AnyHandler>>();
  const onReconnect = new Set<() => void>();
  let sender: ((message: ClientMessage) => boolean) | null = null;
  return {
    register(registration) {
      const added: [ServerEvent['type'], AnyHandler][] = [];
      for (const [type, handler] of Object.entries(registration)) {
        if (type === 'reconnected' || typeof handler !== 'function') continue;
        const key = type as ServerEvent['type'];
        let set = handlers.get(key);
        if (!set) handlers.set(key, (set = new Set()));
        // The registration's type says the handler takes events of `key`, which is all it gets.
        set.add(handler as AnyHandler);
        added.push([key, handler as AnyHandler]);
      }
      const { reconnected } = registration;
      if (reconnected) onReconnect.add(reconnected);
      return () => {
        for (const [key, handler] of added) handlers.get(key)?.delete(handler);
        if (reconnected) onReconnect.delete(reconnected);
      };
    },
    dispatch(event) {
      handlers.get(event.type)?.forEach((handler) => handler(event));
    },
    reconnected() {
      onReconnect.forEach((fn) => fn());
    },
    send: (message) => sender?.(message) ?? false,
    attach(send) {
      sender = send;
    },
  };
}
