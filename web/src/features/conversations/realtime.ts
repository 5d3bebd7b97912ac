/** The conversation list's WebSocket handlers: conversations changed or deleted elsewhere. */
import type { QueryClient } from '@tanstack/react-query';
import { keys } from '#web/lib/keys';
import type { RealtimeRegistration } from '#web/lib/realtime/dispatcher';
import { navigate, parseRoute } from '#web/lib/router';

/** The handlers the conversation list registers into the app's dispatcher. */
export function conversationsRealtime(queryClient: QueryClient): RealtimeRegistration {
  const refetchList = () => void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
  return {
    'conversation.updated': refetchList,
    'conversation.deleted': ({ conversationId }) => {
      queryClient.removeQueries({ queryKey: keys.conversation(conversationId) });
      refetchList();
      const route = parseRoute(location.pathname, location.search);
      if (route.name === 'conversation' && route.id === conversationId) navigate('/', { replace: true });
    },
    reconnected: refetchList,
  };
}
