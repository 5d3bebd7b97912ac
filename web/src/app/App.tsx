/** The app: providers, the signed-in gate and the routes. */
import { lazy, Suspense, useEffect } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryClient } from '#web/lib/queryClient';
import { useRoute } from '#web/lib/router';
import { errorText } from '#web/lib/errors';
import { applyLanguageChoice, loadSignedInWords } from '#web/lib/i18n';
import { LoginPage } from '#web/features/auth/LoginPage';
import { useSession } from '#web/features/auth/session';
import { Redirect, splash } from './Redirect';

// The signed-in app (chat, realtime, pages) is its own chunk: the sign-in page does not wait for
// it. It starts with its words in the chosen language, so no screen waits for them later (the
// admin, settings and family pages bring their own: lib/i18n.ts PAGE_NAMESPACES).
const SignedIn = lazy(() => Promise.all([import('./SignedIn'), loadSignedInWords()]).then(([m]) => m));
// Opened once per person (the first admin's setup, an invite link): not in the sign-in bundle.
const SetupPage = lazy(() => import('#web/features/auth/SetupPage').then((m) => ({ default: m.SetupPage })));
const InvitePage = lazy(() => import('#web/features/settings/InvitePage').then((m) => ({ default: m.InvitePage })));

function Routes() {
  const { t } = useTranslation();
  const route = useRoute();
  const session = useSession();
  const signedIn = Boolean(session.data);
  const language = session.data?.user.settings.language ?? null;
  // The member's language (or the browser's) once signed in; a change in Settings lands here too.
  useEffect(() => {
    if (signedIn) void applyLanguageChoice(language);
  }, [signedIn, language]);

  if (route.name === 'setup') return <SetupPage token={route.token} />;
  if (route.name === 'invite') return <InvitePage token={route.token} />;
  if (session.isPending) return splash;
  if (session.isError) {
    return (
      <div className="panel-state" role="alert" style={{ height: '100%' }}>
        <h2>{t('notAnswering')}</h2>
        <p>{errorText(session.error)}</p>
        <button type="button" className="btn btn-primary" onClick={() => void session.refetch()}>
          {t('tryAgain')}
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
      {/* Pages wait here for their words (German, or a namespace not yet loaded) and their code. */}
      <Suspense fallback={splash}>
        <Routes />
      </Suspense>
    </QueryClientProvider>
  );
}
