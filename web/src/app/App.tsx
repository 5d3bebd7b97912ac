/** The app: providers, the signed-in gate and the routes. */
import { lazy, Suspense } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '#web/lib/queryClient';
import { useRoute } from '#web/lib/router';
import { errorText } from '#web/lib/errors';
import { LoginPage } from '#web/features/auth/LoginPage';
import { SetupPage } from '#web/features/auth/SetupPage';
import { useSession } from '#web/features/auth/session';
import { InvitePage } from '#web/features/settings/InvitePage';
import { Redirect, splash } from './Redirect';

// The signed-in app (chat, realtime, pages) is its own chunk: the sign-in page does not wait for it.
const SignedIn = lazy(() => import('./SignedIn'));

function Routes() {
  const route = useRoute();
  const session = useSession();

  if (route.name === 'setup') return <SetupPage token={route.token} />;
  if (route.name === 'invite') return <InvitePage token={route.token} />;
  if (session.isPending) return splash;
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
  return (
    <Suspense fallback={splash}>
      <SignedIn route={route} />
    </Suspense>
  );
}

/** The root component. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Routes />
    </QueryClientProvider>
  );
}
