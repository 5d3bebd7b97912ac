/**
 * The registry of replies being written right now, keyed by message id, with what this tab
 * knows about each: created once per app (App passes it down in ChatContext), so tests make
 * their own. Live text lives outside React Query so a delta does not re-render the whole
 * conversation: each message subscribes to its own entry, and subscribers are told at most once
 * per animation frame however many deltas arrived.
 *
 * It also records which replies this tab streams itself over SSE ("owned": the WebSocket copy
 * of their events is ignored, or the text would appear twice), which conversations have a send
 * in flight whose reply id is not known yet ("pending"), and which re-attaches run or failed.
 */
import type { Message } from '#common/conversations';

/** The live state of one reply. */
export type LiveReply = {
  id: string;
  conversationId: string;
  content: string;
  reasoning: string;
  /** While the reply waits for its turn on the model server: how many are ahead of it. */
  queued?: number;
};

/** A send in flight in one conversation. */
export type Sending = { controller: AbortController; messageId: string | null; stopRequested: boolean };

export type LiveStreamsOptions = {
  /** Runs `fn` before the next paint (default requestAnimationFrame). */
  requestFrame?: (fn: () => void) => unknown;
};

export type LiveStreams = ReturnType<typeof createLiveStreams>;

/** Creates an empty registry. */
export function createLiveStreams(options: LiveStreamsOptions = {}) {
  const requestFrame = options.requestFrame ?? ((fn: () => void) => requestAnimationFrame(fn));
  const entries = new Map<string, LiveReply>();
  /** What React sees: copied from `entries` once per frame, so renders are frame-paced too. */
  const published = new Map<string, LiveReply>();
  const listeners = new Map<string, Set<() => void>>();
  const owned = new Set<string>();
  const attaching = new Set<string>();
  /** Replies whose re-attach failed, and when: the server is not asked about them again soon. */
  const gaveUp = new Map<string, number>();
  const pending = new Map<string, number>();
  const pendingListeners = new Set<() => void>();
  const sending = new Map<string, Sending>();
  const dirty = new Set<string>();
  let frameRequested = false;

  const publish = (id: string) => {
    const e = entries.get(id);
    if (e) published.set(id, e);
    else published.delete(id);
    listeners.get(id)?.forEach((fn) => fn());
  };
  const flush = () => {
    frameRequested = false;
    const ids = [...dirty];
    dirty.clear();
    ids.forEach(publish);
  };
  const changed = (id: string, now = false) => {
    if (now) {
      dirty.delete(id);
      return publish(id);
    }
    dirty.add(id);
    if (!frameRequested) {
      frameRequested = true;
      requestFrame(flush);
    }
  };
  const append = (id: string, field: 'content' | 'reasoning', text: string) => {
    const e = entries.get(id);
    if (!e || !text) return;
    entries.set(id, { ...e, [field]: e[field] + text });
    changed(id);
  };
  /** Appends the part of a piece starting at `offset` that is not here yet; false on a gap. */
  const appendAt = (id: string, field: 'content' | 'reasoning', text: string, offset: number | undefined) => {
    const e = entries.get(id);
    if (!e || offset === undefined) {
      append(id, field, text);
      return true;
    }
    const have = e[field].length;
    if (offset > have) return false; // pieces in between were lost: this text would be garbled
    append(id, field, text.slice(have - offset)); // a repeat (offset below `have`) adds only what is new
    return true;
  };

  const live = {
    /** Starts (or restarts) tracking a reply from its current message. */
    begin(message: Pick<Message, 'id' | 'conversationId' | 'content' | 'reasoning'>): void {
      const { id, conversationId, content } = message;
      entries.set(id, { id, conversationId, content, reasoning: message.reasoning ?? '' });
      changed(id, true);
    },
    /** Makes sure an entry exists (re-attaching streams may send deltas first). */
    ensure(id: string, conversationId: string): void {
      if (!entries.has(id)) live.begin({ id, conversationId, content: '', reasoning: '' });
    },
    /** The reply waits, `position` ahead of it; undefined: it runs (its `start` came). */
    setQueued(id: string, position: number | undefined): void {
      const e = entries.get(id);
      if (!e || e.queued === position) return;
      const next: LiveReply = { ...e, queued: position };
      if (position === undefined) delete next.queued;
      entries.set(id, next);
      changed(id, true);
    },
    appendText: (id: string, text: string) => append(id, 'content', text),
    appendReasoning: (id: string, text: string) => append(id, 'reasoning', text),
    /**
     * Appends a piece that starts at `offset` in the answer (or reasoning) text, as the
     * WebSocket's `generation.delta` says: what this tab already has of it is dropped, and
     * false means it starts past the end (a lost event), so the caller must refetch. Without
     * an offset the piece is appended as is.
     */
    appendTextAt: (id: string, text: string, offset?: number) => appendAt(id, 'content', text, offset),
    appendReasoningAt: (id: string, text: string, offset?: number) => appendAt(id, 'reasoning', text, offset),
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
    /** The state React renders (frame-paced), and a subscription to its changes. */
    published: (id: string) => published.get(id),
    subscribe(id: string, fn: () => void): () => void {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (set.size === 0) listeners.delete(id);
      };
    },

    own: (id: string) => void owned.add(id),
    disown: (id: string) => void owned.delete(id),
    isOwned: (id: string) => owned.has(id),

    /** Starts a re-attach unless one runs or one failed within `quietMs`; false when not started. */
    startAttach(id: string, now: number, quietMs: number): boolean {
      const last = gaveUp.get(id);
      if (attaching.has(id) || owned.has(id) || (last !== undefined && now - last < quietMs)) return false;
      attaching.add(id);
      return true;
    },
    endAttach(id: string, failedAt?: number): void {
      attaching.delete(id);
      if (failedAt !== undefined) gaveUp.set(id, failedAt);
    },

    /** A send begins in a conversation (its reply id not known yet). */
    startSend(conversationId: string, state: Sending): void {
      sending.set(conversationId, state);
      live.markPending(conversationId);
    },
    endSend(conversationId: string, state: Sending): void {
      live.unmarkPending(conversationId);
      if (sending.get(conversationId) === state) sending.delete(conversationId);
    },
    sendIn: (conversationId: string) => sending.get(conversationId),

    markPending(conversationId: string): void {
      pending.set(conversationId, (pending.get(conversationId) ?? 0) + 1);
      pendingListeners.forEach((fn) => fn());
    },
    unmarkPending(conversationId: string): void {
      const n = (pending.get(conversationId) ?? 1) - 1;
      if (n <= 0) pending.delete(conversationId);
      else pending.set(conversationId, n);
      pendingListeners.forEach((fn) => fn());
    },
    isPending: (conversationId: string) => pending.has(conversationId),
    subscribePending: (fn: () => void): (() => void) => {
      pendingListeners.add(fn);
      return () => void pendingListeners.delete(fn);
    },
  };
  return live;
}
