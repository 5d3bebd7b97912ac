/**
 * Chat's WebSocket handlers: replies written from another tab or device, and conversations
 * changed elsewhere. Events of a generation this tab streams over SSE are ignored.
 */
import { notifyManager, type QueryClient } from '@tanstack/react-query';
import type { ConversationDetail } from '#common/conversations';
import { keys } from '#web/lib/keys';
import type { RealtimeRegistration } from '#web/lib/realtime/dispatcher';
import { upsertMessage, withToolCall } from './detail';
import type { LiveStreams } from './liveStreams';

/** The handlers chat registers into the app's dispatcher. */
export function chatRealtime(live: LiveStreams, queryClient: QueryClient): RealtimeRegistration {
  const cachedMessage = (conversationId: string, messageId: string) =>
    queryClient
      .getQueryData<ConversationDetail>(keys.conversation(conversationId))
      ?.messages.find((m) => m.id === messageId);
  const refetchDetail = (conversationId: string) =>
    void queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });

  return {
    'generation.queued': ({ conversationId, messageId, position }) => {
      // A room's reply waits too (its asker hears it), but rooms show no queue yet.
      if (!conversationId || live.isOwned(messageId) || live.isPending(conversationId)) return;
      if (!live.has(messageId)) {
        live.ensure(messageId, conversationId);
        // The other tab's send: its messages arrive with the refetch.
        if (!cachedMessage(conversationId, messageId)) refetchDetail(conversationId);
      }
      live.setQueued(messageId, position);
    },
    'generation.start': ({ message, conversationId }) => {
      if (live.isOwned(message.id) || live.isPending(conversationId)) return;
      live.begin(message);
      // The user message of the other tab arrives with the refetch.
      refetchDetail(conversationId);
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
    },
    'generation.delta': (ev) => {
      if (live.isOwned(ev.messageId) || live.isPending(ev.conversationId)) return;
      if (live.has(ev.messageId)) {
        const whole =
          (ev.text === undefined || live.appendTextAt(ev.messageId, ev.text, ev.offset)) &&
          (ev.reasoning === undefined || live.appendReasoningAt(ev.messageId, ev.reasoning, ev.offset));
        if (!whole) {
          // An event was lost: rather than show garbled text, start over from the server, as
          // after a reconnect; the refetched reply is still streaming, so it is re-attached.
          live.end(ev.messageId);
          refetchDetail(ev.conversationId);
        }
      } else if (cachedMessage(ev.conversationId, ev.messageId)?.status === 'streaming') {
        // Missed the start (e.g. while reconnecting): the refetch leads to a re-attach.
        refetchDetail(ev.conversationId);
      }
    },
    'generation.tool': ({ conversationId, messageId, call }) => {
      if (live.isOwned(messageId)) return; // this tab's own stream carries it
      queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) =>
        d ? withToolCall(d, messageId, call) : d,
      );
    },
    'generation.done': (ev) => {
      const { message } = ev;
      if (live.isOwned(message.id)) return;
      const final = ev.error && !message.error ? { ...message, error: ev.error } : message;
      queryClient.setQueryData<ConversationDetail>(keys.conversation(ev.conversationId), (d) =>
        d ? upsertMessage(d, final) : d,
      );
      // After the cache update has rendered (see finish() in generation.ts).
      notifyManager.schedule(() => live.end(message.id));
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
    },
    'conversation.updated': ({ conversationId }) => {
      if (!live.isPending(conversationId)) refetchDetail(conversationId);
    },
    reconnected: () => {
      // Anything may have changed while the socket was down.
      live.dropUnowned();
      void queryClient.invalidateQueries({ queryKey: ['conversation'] });
    },
  };
}
