/**
 * Applies WebSocket events to the app: replies written from another tab or device, and
 * conversations changed elsewhere. Events of a generation this tab streams over SSE are ignored.
 */
import { notifyManager } from '@tanstack/react-query';
import type { ConversationDetail } from '#common/conversations';
import type { ServerEvent } from '#common/events';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { navigate, parseRoute } from '#web/lib/router';
import { live } from './liveStore';
import { upsertMessage } from './detail';

const cachedMessage = (conversationId: string, messageId: string) =>
  queryClient
    .getQueryData<ConversationDetail>(keys.conversation(conversationId))
    ?.messages.find((m) => m.id === messageId);

const refetchDetail = (conversationId: string) =>
  void queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });

/** Handles one server event. */
export function handleServerEvent(ev: ServerEvent): void {
  switch (ev.type) {
    case 'generation.start': {
      const { message, conversationId } = ev;
      if (live.isOwned(message.id) || live.isPending(conversationId)) return;
      live.begin(message);
      // The user message of the other tab arrives with the refetch.
      refetchDetail(conversationId);
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
      return;
    }
    case 'generation.delta': {
      if (live.isOwned(ev.messageId) || live.isPending(ev.conversationId)) return;
      if (live.has(ev.messageId)) {
        if (ev.text) live.appendText(ev.messageId, ev.text);
        if (ev.reasoning) live.appendReasoning(ev.messageId, ev.reasoning);
      } else if (cachedMessage(ev.conversationId, ev.messageId)?.status === 'streaming') {
        // Missed the start (e.g. while reconnecting): the refetch leads to a re-attach.
        refetchDetail(ev.conversationId);
      }
      return;
    }
    case 'generation.done': {
      const { message } = ev;
      if (live.isOwned(message.id)) return;
      const final = ev.error && !message.error ? { ...message, error: ev.error } : message;
      queryClient.setQueryData<ConversationDetail>(keys.conversation(ev.conversationId), (d) =>
        d ? upsertMessage(d, final) : d,
      );
      // After the cache update has rendered (see finish() in generation.ts).
      notifyManager.schedule(() => live.end(message.id));
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
      return;
    }
    case 'conversation.updated':
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
      if (!live.isPending(ev.conversationId)) refetchDetail(ev.conversationId);
      return;
    case 'conversation.deleted': {
      queryClient.removeQueries({ queryKey: keys.conversation(ev.conversationId) });
      void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
      const route = parseRoute(location.pathname, location.search);
      if (route.name === 'conversation' && route.id === ev.conversationId) navigate('/', { replace: true });
      return;
    }
    case 'hello':
    case 'pong':
    case 'room.message':
    case 'room.updated':
    case 'presence':
    case 'typing':
    case 'unread':
      return; // connection and people-chat events: not this feature's
  }
}

/** After a reconnect: anything may have changed while the socket was down. */
export function handleReconnect(): void {
  live.dropUnowned();
  void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
  void queryClient.invalidateQueries({ queryKey: ['conversation'] });
}
