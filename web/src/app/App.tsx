/** The app: providers, the signed-in gate and the routes. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';
import { RealtimeContext } from '#web/lib/realtime/context';
import { navigate, useRoute } from '#web/lib/router';
import { errorText } from '#web/lib/errors';
import { LoginPage } from '#web/features/auth/LoginPage';
import { SetupPage } from '#web/features/auth/SetupPage';
import { useSession } from '#web/features/auth/session';
import { InvitePage } from '#web/features/settings/InvitePage';
import { ChatContext } from '#web/features/chat/ChatContext';
import { createAppServices } from './services';
import { Shell } from './Shell';

// Rarely opened: loaded on first visit, keeping the chat's first load small.
const AdminPage = lazy(() => import('#web/features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const SettingsPage = lazy(() =>
  import('#web/features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);

const splash = (
  <div className="splash" aria-busy="true">
    <span className="spinner" aria-label="Loading" />
  </div>
);

/** Replaces the location after render (navigation is a side effect). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const route = useRoute();
  const session = useSession();

  if (route.name === 'setup') return <SetupPage token={route.token} />;
  if (route.name === 'invite') return <InvitePage token={route.token} />;
  if (session.isPending) {
    return (
      <div className="splash" aria-busy="true">
        <span className="spinner" aria-label="Loading" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className="panel-state" role="alert" style={{ height: '100%' }}>
        <h2>Hearth isn’t answering</h2>
        <p>{errorText(session.error)}</p>
        <button type="button" className="btn btn-primary" onClick={() => void session.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!session.data) {
    if (route.name === 'login') return <LoginPage next={route.next} />;
    const here = location.pathname + location.search;
    return <Redirect to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
  }
  if (route.name === 'login') return <Redirect to={route.next?.startsWith('/') ? route.next : '/'} />;
  if (route.name === 'not-found') return <Redirect to="/" />;
  if (route.name === 'settings' || route.name === 'admin') {
    return (
      <Suspense fallback={splash}>
        {route.name === 'admin' ? <AdminPage section={route.section} /> : <SettingsPage section={route.section} />}
      </Suspense>
    );
  }
  return (
    <Shell
      conversationId={route.name === 'conversation' ? route.id : null}
      focusMessageId={route.name === 'conversation' ? route.messageId : null}
    />
  );
}

/** The root component. */
export function App() {
  const [services] = useState(() => createAppServices({ api, queryClient, navigate }));
  return (
    <QueryClientProvider client={queryClient}>
      <RealtimeContext.Provider value={services.dispatcher}>
        <ChatContext.Provider value={services.chat}>
          <Routes />
        </ChatContext.Provider>
      </RealtimeContext.Provider>
    </QueryClientProvider>
  );
}
