/**
 * Messages on their way: shown at once as pending, sent in order per room, and kept when the
 * server cannot be reached (offline) to be sent again on reconnect. Each carries its
 * `clientId`, so a send that did reach the server before the connection dropped is answered
 * with the same message (200), never a duplicate. Kept in sessionStorage too, so a reload
 * while offline does not lose what was typed.
 */
import { ApiError } from '#common/api-client';
import { errorText } from '#web/lib/errors';
import { currentLocale, i18next } from '#web/lib/i18n';
import { limitText } from '#web/features/limits/limitWords';
import { messagingApi, type SendBody } from './api';
import type { RoomMessage } from './types';

/** A message not yet stored by the server. */
export type Pending = {
  roomId: string;
  body: SendBody;
  createdAt: string;
  /** sending: on its way; waiting: no connection, sent on reconnect; failed: refused (`error`). */
  state: 'sending' | 'waiting' | 'failed';
  error?: string;
};

const STORAGE_KEY = 'hearth.outbox';

/** Creates the outbox of one app; `onSent` gets each stored message. */
export function createOutbox(onSent: (message: RoomMessage) => void, api = messagingApi) {
  let items: Pending[] = [];
  const listeners = new Set<() => void>();
  let flushing = false;

  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    if (Array.isArray(saved)) items = (saved as Pending[]).map((p) => ({ ...p, state: 'waiting' as const }));
  } catch {
    items = [];
  }

  const changed = () => {
    items = items.slice();
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(items.filter((p) => p.state !== 'failed')));
    } catch {
      // Storage full or blocked: the queue still works for this page's life.
    }
    listeners.forEach((fn) => fn());
  };
  const update = (clientId: string, patch: Partial<Pending>) => {
    items = items.map((p) => (p.body.clientId === clientId ? { ...p, ...patch } : p));
    changed();
  };
  const remove = (clientId: string) => {
    items = items.filter((p) => p.body.clientId !== clientId);
    changed();
  };

  /** Sends everything waiting, oldest first; stops at the first network failure. */
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const item = items.find((p) => p.state === 'waiting');
        if (!item) return;
        update(item.body.clientId, { state: 'sending' });
        try {
          const message = await api.send(item.roomId, item.body);
          onSent(message);
          remove(item.body.clientId);
        } catch (err) {
          if (err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 429)) {
            // Not reached, or not now: keep it for the reconnect.
            update(item.body.clientId, { state: 'waiting' });
            return;
          }
          // Quiet hours and daily budgets in the app's words (with when it opens again).
          const limit = limitText(err, i18next.getFixedT(null, 'limits'), currentLocale(), 'people');
          update(item.body.clientId, { state: 'failed', error: limit ?? errorText(err) });
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    /** Everything pending, in the order typed. */
    items: () => items,
    subscribe(fn: () => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    /** Queues a message and starts sending. */
    add(roomId: string, body: SendBody) {
      items = [...items, { roomId, body, createdAt: new Date().toISOString(), state: 'waiting' }];
      changed();
      void flush();
    },
    /** A pending message the server has already told about (the WebSocket was faster). */
    settled(clientId: string) {
      if (items.some((p) => p.body.clientId === clientId && p.state !== 'sending')) remove(clientId);
    },
    /** Tries again (reconnect, back online, the member's Retry). */
    retry(clientId?: string) {
      if (clientId) update(clientId, { state: 'waiting', error: undefined });
      void flush();
    },
    discard: remove,
    flush,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
