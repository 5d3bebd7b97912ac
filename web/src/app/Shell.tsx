/** The signed-in layout: the conversation list beside the chat; on phones the list is a drawer. */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Sidebar } from '#web/features/conversations/Sidebar';
import { ChatView } from '#web/features/chat/ChatView';
import { connectRealtime } from '#web/lib/realtime/connect';
import { useRealtimeDispatcher } from '#web/lib/realtime/context';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { api } from '#web/lib/api';
import './shell.css';

/** A banner while the server runs in throw-away mode (`hearth serve --memory`): nothing is kept. */
function ThrowAwayBanner() {
  const setup = useQuery({ queryKey: keys.setup, queryFn: () => api.setupStatus(), staleTime: Infinity });
  if (!setup.data?.memory) return null;
  return (
    <div className="throwaway-banner" role="status" data-testid="throwaway-banner">
      <strong>Demo mode:</strong> nothing here is kept. Everything is deleted when this Hearth stops.
    </div>
  );
}

/** Props: the open conversation (null for a new chat) and a message to open it at (`?m=`). */
export function Shell({
  conversationId,
  focusMessageId = null,
}: {
  conversationId: string | null;
  focusMessageId?: string | null;
}) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const dispatcher = useRealtimeDispatcher();

  useEffect(
    () =>
      connectRealtime(dispatcher, {
        // Disabled or signed out elsewhere: re-check the session, which shows sign-in if it ended.
        // Still signed in (the server restarted): connect again.
        onSignedOut: (wake) =>
          void queryClient.invalidateQueries({ queryKey: keys.me }).finally(() => {
            if (queryClient.getQueryData(keys.me)) wake();
          }),
      }),
    [dispatcher],
  );

  useEffect(() => {
    if (!drawerOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrawerOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [drawerOpen]);

  return (
    <div className={`shell${drawerOpen ? ' drawer-open' : ''}`}>
      <ThrowAwayBanner />
      <div className="shell-sidebar" id="chat-list" data-testid="drawer">
        <Sidebar activeId={conversationId} onNavigate={() => setDrawerOpen(false)} />
      </div>
      <div className="drawer-backdrop" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
      <main className="shell-main">
        <ChatView
          conversationId={conversationId}
          focusMessageId={focusMessageId}
          onOpenDrawer={() => setDrawerOpen(true)}
        />
      </main>
    </div>
  );
}
