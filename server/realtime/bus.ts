/**
 * The event bus: how a change reaches every client of a user, on this process or (scaled out,
 * with the Redis implementation) on any process. Channels are `user:<id>` (and later `room:<id>`).
 */
import type { ServerEvent } from '#common/events';
import type { DomainEventHandler, DomainEventName, DomainEvents } from './domain-events';

export type BusHandler = (event: ServerEvent) => void;

export type EventBus = {
  /** Sends a client event to every subscriber of `channel` (the sockets of a user, …). */
  publish(channel: string, event: ServerEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Publishes a domain event (see domain-events.ts) to every process. */
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void;
  /** Hears a domain event; returns the function that stops hearing it. */
  on<K extends DomainEventName>(name: K, handler: DomainEventHandler<K>): () => void;
  close(): Promise<void>;
};

/** Channel every socket hears (presence changes: everyone in the household may see them). */
export const everyoneChannel = 'everyone';

/** Channel name for everything one user's clients should see. */
export const userChannel = (userId: string) => `user:${userId}`;

/** Single-process bus. Handlers run synchronously; one failing handler does not stop the rest. */
export function createMemoryBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Map<string, Set<BusHandler>>();
  // Typed at the `on`/`emit` boundary; stored loosely because a Map cannot keep K per key.
  const domainHandlers = new Map<DomainEventName, Set<(payload: unknown) => void>>();
  return {
    publish(channel, event) {
      for (const handler of handlers.get(channel) ?? []) {
        try {
          handler(event);
        } catch (err) {
          onHandlerError(err);
        }
      }
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
      };
    },
    emit(name, payload) {
      for (const handler of domainHandlers.get(name) ?? []) {
        try {
          handler(payload);
        } catch (err) {
          onHandlerError(err);
        }
      }
    },
    on(name, handler) {
      let set = domainHandlers.get(name);
      if (!set) domainHandlers.set(name, (set = new Set()));
      const loose = handler as (payload: unknown) => void;
      set.add(loose);
      return () => {
        set.delete(loose);
        if (set.size === 0) domainHandlers.delete(name);
      };
    },
    async close() {
      handlers.clear();
      domainHandlers.clear();
    },
  };
}
