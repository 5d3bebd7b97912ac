/**
 * Everything behind the sign-in: the app's services (realtime dispatcher, live chat streams),
 * the shell and the pages. Loaded as its own chunk once a session exists, so the sign-in page
 * downloads only what it draws (issue 15: a phone's first load).
 */
import { lazy, Suspense, useState } from 'react';
import { api } from '#web/lib/api';
import { loadWords } from '#web/lib/i18n';
import { queryClient } from '#web/lib/queryClient';
import { RealtimeContext } from '#web/lib/realtime/context';
import { navigate, type Route } from '#web/lib/router';
import { ChatContext } from '#web/features/chat/ChatContext';
import { MessagingContext } from '#web/features/messaging/hooks';
import { FamilyRealtime } from '#web/features/family/FamilyRealtime';
import { Redirect, splash } from './Redirect';
import { createAppServices } from './services';
import { Shell } from './Shell';

// Rarely opened: loaded on first visit with their own words, keeping the chat's first load small.
const AdminPage = lazy(() =>
  Promise.all([
    import('#web/features/admin/AdminPage'),
    loadWords(['users', 'tasks', 'music', 'usage', 'connections', 'signup']),
  ]).then(([m]) => ({ default: m.AdminPage })),
);
const SettingsPage = lazy(() =>
  Promise.all([import('#web/features/settings/SettingsPage'), loadWords(['usage'])]).then(([m]) => ({
    default: m.SettingsPage,
  })),
);
const FamilyPage = lazy(() =>
  Promise.all([import('#web/features/family/FamilyPage'), loadWords(['users'])]).then(([m]) => ({
    default: m.FamilyPage,
  })),
);

function SignedInRoutes({ route }: { route: Route }) {
  if (route.name === 'login') return <Redirect to={route.next?.startsWith('/') ? route.next : '/'} />;
  if (route.name === 'not-found') return <Redirect to="/" />;
  if (route.name === 'settings' || route.name === 'admin') {
    return (
      <Suspense fallback={splash}>
        {route.name === 'admin' ? <AdminPage section={route.section} /> : <SettingsPage section={route.section} />}
      </Suspense>
    );
  }
  if (route.name === 'family') {
    return (
      <Suspense fallback={splash}>
        <FamilyPage childId={route.childId} conversationId={route.conversationId} />
      </Suspense>
    );
  }
  if (route.name === 'people' || route.name === 'room') {
    return (
      <Shell
        view="people"
        conversationId={null}
        roomId={route.name === 'room' ? route.id : null}
        focusMessageId={route.name === 'room' ? route.messageId : null}
      />
    );
  }
  return (
    <Shell
      conversationId={route.name === 'conversation' ? route.id : null}
      focusMessageId={route.name === 'conversation' ? route.messageId : null}
    />
  );
}

/** The signed-in app; its services are made once per mount (a sign-out unmounts it). */
export default function SignedIn({ route }: { route: Route }) {
  const [services] = useState(() => createAppServices({ api, queryClient, navigate }));
  return (
    <RealtimeContext.Provider value={services.dispatcher}>
      <ChatContext.Provider value={services.chat}>
        <MessagingContext.Provider value={services.messaging}>
          <SignedInRoutes route={route} />
          <FamilyRealtime />
        </MessagingContext.Provider>
      </ChatContext.Provider>
    </RealtimeContext.Provider>
  );
}
