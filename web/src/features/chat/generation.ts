/**
 * Sending a message and following replies: the SSE stream of a send, re-attaching to a running
 * generation after a reload or a dropped connection, and stopping. Streams live at module level,
 * not in a component, so a reply keeps streaming when the user switches conversation.
 */
import { notifyManager } from '@tanstack/react-query';
import type { ConversationDetail, Message } from '#common/conversations';
import type { GenerationEvent } from '#common/events';
import { ApiError } from '#common/api-client';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { conversationPath, navigate } from '#web/lib/router';
import { live } from './liveStore';
import { removeMessage, titleFrom, upsertMessage } from './detail';

type Sending = { controller: AbortController; messageId: string | null; stopRequested: boolean };
/** Sends in flight, by conversation id. */
const sending = new Map<string, Sending>();
const attaching = new Set<string>();
/** Generations whose re-attach failed recently: do not hammer the server about them. */
const gaveUp = new Map<string, number>();

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

type ConsumeResult = { terminal: boolean; messageId: string | null };

/** Applies a stream's events to the cache and the live store. */
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
      case 'start':
        messageId = ev.data.message.id;
        live.own(messageId);
        live.begin(ev.data.message);
        updateDetail(conversationId, (d) => upsertMessage(d, ev.data.message, true));
        opts.onStart?.(messageId);
        break;
      case 'reasoning':
      case 'delta':
        if (!messageId) break;
        live.ensure(messageId, conversationId);
        if (ev.event === 'delta') live.appendText(messageId, ev.data.text);
        else live.appendReasoning(messageId, ev.data.text);
        break;
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

let localIds = 0;

/**
 * Sends `content` in a conversation (creating it first when `conversationId` is null) and
 * streams the reply. Rejects when the server refused the message (nothing was sent).
 */
export async function sendChatMessage(input: { conversationId: string | null; content: string; model: string | null }) {
  let conversationId = input.conversationId;
  const model = input.model ?? undefined;
  if (!conversationId) {
    const conversation = await api.createConversation({ title: titleFrom(input.content), model });
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
  sending.set(convId, state);
  live.markPending(convId);
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
    live.unmarkPending(convId);
    if (sending.get(convId) === state) sending.delete(convId);
  }
  if (result.messageId) {
    live.disown(result.messageId);
    // The connection dropped mid-reply: the generation goes on server-side, so follow it.
    if (!result.terminal) await reattach(result.messageId, convId);
  }
}

/** Whether this tab is sending in `conversationId` and no reply id is known yet. */
export const isSending = (conversationId: string) => sending.has(conversationId);

/** Stops the reply being written in a conversation (its id, when known). */
export async function stopReply(conversationId: string, messageId: string | null): Promise<void> {
  const id = messageId ?? sending.get(conversationId)?.messageId ?? null;
  if (!id) {
    const s = sending.get(conversationId);
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
export async function reattach(messageId: string, conversationId: string): Promise<void> {
  if (attaching.has(messageId) || live.isOwned(messageId)) return;
  const last = gaveUp.get(messageId);
  if (last && Date.now() - last < 15_000) return;
  attaching.add(messageId);
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
    attaching.delete(messageId);
    live.disown(messageId);
    if (!terminal) {
      gaveUp.set(messageId, Date.now());
      live.end(messageId);
      void queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });
    }
  }
}

/** Follows the stream of a new version (regenerate, edit) until its reply ends. */
async function followVersion(conversationId: string, events: AsyncGenerator<GenerationEvent, void, undefined>): Promise<void> {
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

/** Streams a new version of an assistant reply (a sibling); it becomes the branch on screen. */
export function regenerateReply(conversationId: string, messageId: string): Promise<void> {
  return followVersion(conversationId, api.regenerate(messageId));
}

/** Saves a new version of a user message and streams its reply; they become the branch on screen. */
export function editAndResend(conversationId: string, messageId: string, content: string): Promise<void> {
  return followVersion(conversationId, api.editMessage(messageId, content));
}
