/**
 * What the app creates once at start and passes down by context: the realtime dispatcher with
 * every feature's handlers registered, and the chat's live streams. Nothing of it lives at
 * module level, so a test builds its own.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { createApiClient } from '#common/api-client';
import { chatRealtime } from '#web/features/chat/realtime';
import { createChat, type Chat } from '#web/features/chat/generation';
import { conversationsRealtime } from '#web/features/conversations/realtime';
import { accountRealtime } from '#web/features/models/realtime';
import { musicRealtime } from '#web/features/admin/music/realtime';
import { createMessaging, type Messaging } from '#web/features/messaging/messaging';
import { createDispatcher, type RealtimeDispatcher } from '#web/lib/realtime/dispatcher';

export type AppServices = { dispatcher: RealtimeDispatcher; chat: Chat; messaging: Messaging };

/** Builds the services of one app. */
export function createAppServices(deps: {
  api: ReturnType<typeof createApiClient>;
  queryClient: QueryClient;
  navigate: (path: string) => void;
}): AppServices {
  const dispatcher = createDispatcher();
  const chat = createChat(deps);
  dispatcher.register(chatRealtime(chat.live, deps.queryClient));
  dispatcher.register(conversationsRealtime(deps.queryClient));
  dispatcher.register(accountRealtime(deps.queryClient));
  dispatcher.register(musicRealtime(deps.queryClient));
  const messaging = createMessaging({ ...deps, dispatcher });
  dispatcher.register(messaging.registration);
  return { dispatcher, chat, messaging };
}
