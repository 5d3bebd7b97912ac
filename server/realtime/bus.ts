/**
 * The event bus: how a change reaches every client of a user, on this process or (scaled out,
 * with the Redis implementation) on any process. Channels are `user:<id>` (and later `room:<id>`).
 */
import type { ServerEvent } from '#common/events';

export type BusHandler = (event: ServerEvent) => void;

export type EventBus = {
  publish(channel: string, event: ServerEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
};

/** Channel name for everything one user's clients should see. */
export const userChannel = (userId: string) => `user:${userId}`;

/** Single-process bus. Handlers run synchronously; one failing handler does not stop the rest. */
export function createMemoryBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Map<string, Set<BusHandler>>();
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
    async close() {
      handlers.clear();
    },
  };
}
