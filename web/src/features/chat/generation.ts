/**
 * Sending a message and following replies: the SSE stream of a send, re-attaching to a running
 * generation after a reload or a dropped connection, and stopping. The streams belong to the
 * app's chat (created once in App), not to a component, so a reply keeps streaming when the
 * user switches conversation.
 */
import { notifyManager, type QueryClient } from '@tanstack/react-query';
import type { ConversationDetail, Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import { ApiError, type createApiClient } from '#common/api-client';
import { keys } from '#web/lib/keys';
import { conversationPath } from '#web/lib/router';
import { removeMessage, titleFrom, upsertMessage, withToolCall } from './detail';
import { createLiveStreams, type LiveStreams, type Sending } from './liveStreams';

export type ChatDeps = {
  api: ReturnType<typeof createApiClient>;
  queryClient: QueryClient;
  navigate: (path: string) => void;
  live?: LiveStreams;
};

/** Re-attach to a reply whose re-attach failed only after this long. */
const REATTACH_QUIET_MS = 15_000;

type ConsumeResult = { terminal: boolean; messageId: string | null };

/** The chat's streams and what a view does with them; see ChatDeps. */
export type Chat = ReturnType<typeof createChat>;

/** Creates the chat of one app. */
export function createChat({ api, queryClient, navigate, live = createLiveStreams() }: ChatDeps) {
  let localIds = 0;

  const updateDetail = (conversationId: string, fn: (d: ConversationDetail) => ConversationDetail) =>
    queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) => (d ? fn(d) : d));

  /** Puts a finished reply in the cache and stops tracking it live. */
  function finish(message: Message) {
    // An older refetch landing after this would bring back the streaming state.
    void queryClient.cancelQueries({ queryKey: keys.conversation(message.conversationId) });
    updateDetail(message.conversationId, (d) => upsertMessage(d, message));
    // After the cache update has rendered: ending the live reply first would flash the typing dots
    // and replace the reply's elements (and the reader's selection) for one frame.
    notifyManager.schedule(() => live.end(message.id));
    void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
  }

  /** Applies a stream's events to the cache and the live registry. */
  async function consume(
    events: AsyncIterable<GenerationEvent>,
    conversationId: string,
    opts: { messageId?: string; pendingUserId?: string; onStart?: (id: string) => void },
  ): Promise<ConsumeResult> {
    let messageId = opts.messageId ?? null;
    for await (const ev of events) {
      switch (ev.event) {
        case 'user-message':
          updateDetail(conversationId, (d) =>
            upsertMessage(opts.pendingUserId ? removeMessage(d, opts.pendingUserId) : d, ev.data.message, true),
          );
          break;
        case 'queued':
        case 'start': {
          // `queued`: the reply waits for its turn (its place, and its id so Stop can cancel it).
          const known = messageId === ev.data.message.id && live.has(messageId);
          messageId = ev.data.message.id;
          if (!known) {
            live.own(messageId);
            live.begin(ev.data.message);
            updateDetail(conversationId, (d) => upsertMessage(d, ev.data.message, true));
            opts.onStart?.(messageId);
          }
          live.setQueued(messageId, ev.event === 'queued' ? ev.data.position : undefined);
          break;
        }
        case 'reasoning':
        case 'delta':
          if (!messageId) break;
          live.ensure(messageId, conversationId);
          if (ev.event === 'delta') live.appendText(messageId, ev.data.text);
          else live.appendReasoning(messageId, ev.data.text);
          break;
        case 'tool': {
          // Kept on the cached message, so the reply shows "Looking it up…" and then the answer.
          const id = messageId;
          if (id) updateDetail(conversationId, (d) => withToolCall(d, id, ev.data.call));
          break;
        }
        case 'done':
          finish(ev.data.message);
          return { terminal: true, messageId: ev.data.message.id };
        case 'error':
          finish({ ...ev.data.message, error: ev.data.message.error ?? ev.data.error });
          return { terminal: true, messageId: ev.data.message.id };
      }
    }
    return { terminal: false, messageId };
  }

  /**
   * Sends `content` in a conversation (creating it first when `conversationId` is null) and
   * streams the reply. Rejects when the server refused the message (nothing was sent).
   */
  async function sendChatMessage(input: {
    conversationId: string | null;
    content: string;
    model: string | null;
    /** The task of a new chat (an existing chat keeps its own). */
    taskId?: string | null;
  }) {
    let conversationId = input.conversationId;
    const model = input.model ?? undefined;
    if (!conversationId) {
      const conversation = await api.createConversation({
        title: titleFrom(input.content),
        model,
        taskId: input.taskId ?? undefined,
      });
      conversationId = conversation.id;
      queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), {
        conversation,
        messages: [],
        activeLeafId: null,
      });
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
      navigate(conversationPath(conversationId));
    }
    const convId = conversationId;
    const pendingUserId = `local-${++localIds}`;
    const now = new Date().toISOString();
    updateDetail(convId, (d) =>
      upsertMessage(
        d,
        {
          id: pendingUserId,
          conversationId: convId,
          parentId: d.activeLeafId,
          role: 'user',
          content: input.content,
          status: 'complete',
          createdAt: now,
          updatedAt: now,
        },
        true,
      ),
    );
    const state: Sending = { controller: new AbortController(), messageId: null, stopRequested: false };
    live.startSend(convId, state);
    let result: ConsumeResult;
    try {
      const events = api.streamMessage(convId, { content: input.content, model }, state.controller.signal);
      result = await consume(events, convId, {
        pendingUserId,
        onStart: (id) => {
          state.messageId = id;
          if (state.stopRequested) void stopReply(convId, id);
        },
      });
    } catch (err) {
      if (!state.messageId) {
        // Refused before any reply began: take the message back so the user can retry it.
        updateDetail(convId, (d) => removeMessage(d, pendingUserId));
        void queryClient.invalidateQueries({ queryKey: keys.conversation(convId) });
        throw err;
      }
      result = { terminal: false, messageId: state.messageId };
    } finally {
      live.endSend(convId, state);
    }
    if (result.messageId) {
      live.disown(result.messageId);
      // The connection dropped mid-reply: the generation goes on server-side, so follow it.
      if (!result.terminal) await reattach(result.messageId, convId);
    }
  }

  /** Stops the reply being written in a conversation (its id, when known). */
  async function stopReply(conversationId: string, messageId: string | null): Promise<void> {
    const id = messageId ?? live.sendIn(conversationId)?.messageId ?? null;
    if (!id) {
      const s = live.sendIn(conversationId);
      if (s) s.stopRequested = true; // stop as soon as the server names the reply
      return;
    }
    try {
      const { message } = await api.stopGeneration(id);
      finish(message);
    } catch (err) {
      // Already finished: the final state is on its way (or refetch to get it).
      if (!(err instanceof ApiError && (err.status === 404 || err.status === 409))) throw err;
      void queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });
    }
  }

  /** Follows a running generation this tab is not streaming (after a reload or a dropped stream). */
  async function reattach(messageId: string, conversationId: string): Promise<void> {
    if (!live.startAttach(messageId, Date.now(), REATTACH_QUIET_MS)) return;
    live.own(messageId);
    let terminal = false;
    try {
      for (let attempt = 0; attempt < 5 && !terminal; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
        try {
          ({ terminal } = await consume(api.generationEvents(messageId), conversationId, { messageId }));
        } catch (err) {
          if (err instanceof ApiError && err.status >= 400 && err.status < 500) break; // gone: refetch below
        }
      }
    } finally {
      live.endAttach(messageId, terminal ? undefined : Date.now());
      live.disown(messageId);
      if (!terminal) {
        live.end(messageId);
        void queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });
      }
    }
  }

  /** Follows the stream of a new version (regenerate, edit) until its reply ends. */
  async function followVersion(
    conversationId: string,
    events: AsyncGenerator<GenerationEvent, void, undefined>,
  ): Promise<void> {
    live.markPending(conversationId);
    const reply: { id: string | null } = { id: null };
    let terminal = false;
    try {
      ({ terminal } = await consume(events, conversationId, { onStart: (id) => (reply.id = id) }));
    } catch (err) {
      // Refused (409: a reply is running; 404: gone): nothing changed, tell the user.
      if (!reply.id) throw err;
    } finally {
      live.unmarkPending(conversationId);
    }
    const started = reply.id;
    if (started) {
      live.disown(started);
      if (!terminal) await reattach(started, conversationId);
    }
  }

  return {
    live,
    sendChatMessage,
    stopReply,
    reattach,
    /** Streams a new version of an assistant reply (a sibling); it becomes the branch on screen. */
    regenerateReply: (conversationId: string, messageId: string) =>
      followVersion(conversationId, api.regenerate(messageId)),
    /** Saves a new version of a user message and streams its reply; they become the branch on screen. */
    editAndResend: (conversationId: string, messageId: string, content: string) =>
      followVersion(conversationId, api.editMessage(messageId, content)),
  };
}
