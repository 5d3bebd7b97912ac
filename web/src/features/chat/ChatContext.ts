/** The app's chat (its live streams and sending), passed down by React context from App. */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Chat } from './generation';
import type { LiveReply } from './liveStreams';

export const ChatContext = createContext<Chat | null>(null);

/** The chat of the app; throws outside its provider. */
export function useChat(): Chat {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('useChat outside ChatContext');
  return chat;
}

/** The live state of a reply, or undefined when it is not being written. */
export function useLiveReply(id: string): LiveReply | undefined {
  const { live } = useChat();
  const subscribe = useCallback((fn: () => void) => live.subscribe(id, fn), [live, id]);
  const get = useCallback(() => live.published(id), [live, id]);
  return useSyncExternalStore(subscribe, get);
}

/** Whether this tab has a send in flight in the conversation (reactive). */
export function usePendingSend(conversationId: string | null): boolean {
  const { live } = useChat();
  const get = useCallback(() => (conversationId ? live.isPending(conversationId) : false), [live, conversationId]);
  return useSyncExternalStore(live.subscribePending, get);
}
