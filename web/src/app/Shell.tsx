/** The signed-in layout: the conversation list beside the chat; on phones the list is a drawer. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Sidebar } from '#web/features/conversations/Sidebar';
import { ChatView } from '#web/features/chat/ChatView';
import { SkipToMessageBox } from '#web/features/a11y/SkipToMessageBox';
import { AppNav } from '#web/features/messaging/AppNav';
import { FamilyNavLink } from '#web/features/family/FamilyNavLink';
import { SupervisionNotice } from '#web/features/family/SupervisionNotice';
import { useMessagingBackground } from '#web/features/messaging/background';
import { connectRealtime } from '#web/lib/realtime/connect';
import { useRealtimeDispatcher } from '#web/lib/realtime/context';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { api } from '#web/lib/api';
import './shell.css';

/** A banner while the server runs in throw-away mode (`hearth serve --memory`): nothing is kept. */
function ThrowAwayBanner() {
  const { t } = useTranslation();
  const setup = useQuery({ queryKey: keys.setup, queryFn: () => api.setupStatus(), staleTime: Infinity });
  if (!setup.data?.memory) return null;
  return (
    <div className="throwaway-banner" role="status" data-testid="throwaway-banner">
      <strong>{t('demoModeTitle')}</strong> {t('demoModeBody')}
    </div>
  );
}

// People chat is its own chunk: the AI chat's first load stays as small as it was.
const PeopleSidebar = lazy(() =>
  import('#web/features/messaging/PeopleSidebar').then((m) => ({ default: m.PeopleSidebar })),
);
const RoomView = lazy(() => import('#web/features/messaging/RoomView').then((m) => ({ default: m.RoomView })));

/**
 * Props: the open conversation (null for a new chat) and a message to open it at (`?m=`); with
 * `view="people"`, people chat instead: the open room (null: the list) and a message in it.
 */
export function Shell({
  conversationId,
  focusMessageId = null,
  view = 'chat',
  roomId = null,
}: {
  conversationId: string | null;
  focusMessageId?: string | null;
  view?: 'chat' | 'people';
  roomId?: string | null;
}) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const dispatcher = useRealtimeDispatcher();
  useMessagingBackground();

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
      {(view === 'chat' || roomId !== null) && <SkipToMessageBox />}
      <ThrowAwayBanner />
      <div className="shell-sidebar" id="chat-list" data-testid="drawer">
        <AppNav view={view} onNavigate={() => setDrawerOpen(false)} />
        <FamilyNavLink onNavigate={() => setDrawerOpen(false)} />
        <SupervisionNotice />
        {view === 'people' ? (
          <Suspense fallback={null}>
            <PeopleSidebar activeRoomId={roomId} onNavigate={() => setDrawerOpen(false)} />
          </Suspense>
        ) : (
          <Sidebar activeId={conversationId} onNavigate={() => setDrawerOpen(false)} />
        )}
      </div>
      <div className="drawer-backdrop" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
      <main className="shell-main" id="main-content">
        {view === 'people' ? (
          <Suspense fallback={null}>
            <RoomView roomId={roomId} focusMessageId={focusMessageId} onOpenDrawer={() => setDrawerOpen(true)} />
          </Suspense>
        ) : (
          <ChatView
            conversationId={conversationId}
            focusMessageId={focusMessageId}
            onOpenDrawer={() => setDrawerOpen(true)}
          />
        )}
      </main>
    </div>
  );
}
