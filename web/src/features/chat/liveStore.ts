/**
 * Replies being written right now, outside React Query so a delta does not re-render the whole
 * conversation: each message subscribes to its own entry, and subscribers are told at most once
 * per animation frame however many deltas arrived.
 *
 * It also records which generations this tab streams itself over SSE ("owned") and which
 * conversations have a send in flight whose generation id is not known yet ("pending"): the
 * WebSocket copy of those events is ignored, or the text would appear twice.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { Message } from '#common/conversations';

/** The live state of one reply. */
export type LiveReply = { id: string; conversationId: string; content: string; reasoning: string };

const entries = new Map<string, LiveReply>();
/** What React sees: copied from `entries` once per frame, so renders are frame-paced too. */
const published = new Map<string, LiveReply>();
const listeners = new Map<string, Set<() => void>>();
const owned = new Set<string>();
const pending = new Map<string, number>();
const pendingListeners = new Set<() => void>();
const pendingChanged = () => pendingListeners.forEach((fn) => fn());

const dirty = new Set<string>();
let frame = 0;

function publish(id: string) {
  const e = entries.get(id);
  if (e) published.set(id, e);
  else published.delete(id);
  listeners.get(id)?.forEach((fn) => fn());
}

function flush() {
  frame = 0;
  const ids = [...dirty];
  dirty.clear();
  ids.forEach(publish);
}

function changed(id: string, now = false) {
  if (now) {
    dirty.delete(id);
    publish(id);
    return;
  }
  dirty.add(id);
  if (!frame) frame = requestAnimationFrame(flush);
}

export const live = {
  /** Starts (or restarts) tracking a reply from its current message. */
  begin(message: Message): void {
    entries.set(message.id, {
      id: message.id,
      conversationId: message.conversationId,
      content: message.content,
      reasoning: message.reasoning ?? '',
    });
    changed(message.id, true);
  },
  /** Makes sure an entry exists (re-attaching streams may send deltas first). */
  ensure(id: string, conversationId: string): void {
    if (!entries.has(id)) live.begin({ id, conversationId, content: '', reasoning: '' } as Message);
  },
  appendText(id: string, text: string): void {
    const e = entries.get(id);
    if (!e || !text) return;
    entries.set(id, { ...e, content: e.content + text });
    changed(id);
  },
  appendReasoning(id: string, text: string): void {
    const e = entries.get(id);
    if (!e || !text) return;
    entries.set(id, { ...e, reasoning: e.reasoning + text });
    changed(id);
  },
  /** Stops tracking: the final message is in the query cache by now. */
  end(id: string): void {
    if (entries.delete(id)) changed(id, true);
  },
  get: (id: string) => entries.get(id),
  has: (id: string) => entries.has(id),
  /** Drops every reply this tab does not stream itself (the WebSocket went away). */
  dropUnowned(): void {
    for (const id of [...entries.keys()]) if (!owned.has(id)) live.end(id);
  },

  own: (id: string) => void owned.add(id),
  disown: (id: string) => void owned.delete(id),
  isOwned: (id: string) => owned.has(id),

  markPending(conversationId: string): void {
    pending.set(conversationId, (pending.get(conversationId) ?? 0) + 1);
    pendingChanged();
  },
  unmarkPending(conversationId: string): void {
    const n = (pending.get(conversationId) ?? 1) - 1;
    if (n <= 0) pending.delete(conversationId);
    else pending.set(conversationId, n);
    pendingChanged();
  },
  isPending: (conversationId: string) => pending.has(conversationId),
};

function subscribe(id: string, fn: () => void) {
  let set = listeners.get(id);
  if (!set) listeners.set(id, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0) listeners.delete(id);
  };
}

/** The live state of a reply, or undefined when it is not being written. */
export function useLiveReply(id: string): LiveReply | undefined {
  const sub = useCallback((fn: () => void) => subscribe(id, fn), [id]);
  const get = useCallback(() => published.get(id), [id]);
  return useSyncExternalStore(sub, get);
}

const subscribePending = (fn: () => void) => {
  pendingListeners.add(fn);
  return () => void pendingListeners.delete(fn);
};

/** Whether this tab has a send in flight in the conversation (reactive). */
export function usePendingSend(conversationId: string | null): boolean {
  const get = useCallback(() => (conversationId ? pending.has(conversationId) : false), [conversationId]);
  return useSyncExternalStore(subscribePending, get);
}
